"""Testing rules with data: rule cases, for pytest.

A rule case is an OpenAPI snippet and the findings one rule must produce on it, and no
others. Cases are written in YAML, one file per rule, named after the rule's id (``:``
written ``__``, as in ``acme__https-servers.yaml``); each file is a list of cases::

    - name: a plain-HTTP server
      document:                 # the root document, as a mapping or as text
        openapi: 3.1.0
        info: {title: Pets, version: "1.0"}
        servers: [{url: "http://api.acme.example"}]
        paths: {}
      files:                    # optional: more files of the project, by relative path
        schemas.yaml: {Pet: {type: object}}
      findings:                 # exactly where the rule reports, and nowhere else
        - /servers/0/url                      # a JSON pointer into the root document
        - at: schemas.yaml#/Pet               # a pointer into another file ...
          message: must not be empty          # ... whose finding's message contains this
      options: {max: 3}         # optional: the rule's options, as a configuration would set them

``findings: []`` (or no ``findings``) is a case the rule must stay quiet on. A test module
turns a folder of case files into tests::

    from apilint.testing import RuleCase, case_params, check_case

    @pytest.mark.parametrize("case", case_params(Path(__file__).parent / "cases"))
    def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
        check_case(case, tmp_path)

Each case runs its rule alone, as installed plugins provide it: a Python rule through a
ruleset that turns on just that rule, a rule of a named ruleset or a ruleset file by
extending that ruleset with every rule off but this one. When a case fails and the new
findings are right, ``pytest --apilint-update-cases`` (or ``APILINT_UPDATE_CASES=1``)
writes them into the case file instead of failing; the rest of the file is kept as written.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from apilint.engine import Linter
from apilint.findings import Finding
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rules import Rule
from apilint.rulesets.model import RulesetError
from apilint.selection import RuleSelection
from apilint.sourcemap import LineIndex, SourceMapping, SourceSequence
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml

__all__ = [
    "ROOT_FILE",
    "UPDATE_ENV",
    "CaseError",
    "ExpectedFinding",
    "RuleCase",
    "case_params",
    "check_case",
    "installed_plugins",
    "load_cases",
    "ruleset_rules",
    "run_case",
    "update_requested",
]

#: Setting this environment variable to ``1`` makes failing cases rewrite their expectations.
UPDATE_ENV = "APILINT_UPDATE_CASES"
#: The name the case's root document is linted under; findings in it are written as bare pointers.
ROOT_FILE = "openapi.yaml"

_CORE = "core"  # the plugin name of apilint's own checks of files and references
_CASE_KEYS = frozenset({"name", "document", "files", "findings", "options"})
_FINDING_KEYS = frozenset({"at", "message"})


class CaseError(ValueError):
    """A case file that cannot be read as rule cases, or a case whose rule cannot be run."""


@dataclass(frozen=True, slots=True)
class ExpectedFinding:
    """A finding a case expects: where (``pointer`` or ``file#pointer``) and, optionally, part of its message."""

    at: str
    message: str | None = None

    def __str__(self) -> str:
        return self.at if self.message is None else f"{self.at} (message containing {self.message!r})"


@dataclass(frozen=True)
class RuleCase:
    """One case: a project of one or more files, and every finding ``rule_id`` must produce in it.

    ``document`` and the values of ``files`` are mappings (written as JSON) or text (written
    as it is). ``source`` and ``index`` say where the case is written, for messages and for
    rewriting its findings. ``ruleset`` names where the rule comes from (a ruleset name or the
    absolute path of a ruleset file); None finds it among the installed plugins. ``options`` are
    the rule's options for this case, over its defaults, as a configuration's ``rules`` sets them.
    """

    rule_id: str
    name: str
    document: Any
    files: Mapping[str, Any] = field(default_factory=dict)
    findings: tuple[ExpectedFinding, ...] = ()
    source: Path | None = None
    index: int = 0
    ruleset: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.name}"

    @property
    def where(self) -> str:
        """The case's file and position in it, for messages."""
        return f"{self.source}, case {self.index + 1}" if self.source is not None else "case written in Python"

    def write(self, folder: Path) -> Path:
        """Write the case's files into ``folder``; returns the root document's path."""
        root = folder / ROOT_FILE
        folder.mkdir(parents=True, exist_ok=True)
        root.write_text(_as_text(self.document), encoding="utf-8")
        for name, content in self.files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_as_text(content), encoding="utf-8")
        return root


def _as_text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=1)


# -- reading cases


def load_cases(path: Path, *, rule_id: str | None = None, ruleset: str | os.PathLike[str] | None = None
               ) -> list[RuleCase]:
    """The cases of one case file. Raises :class:`CaseError` for a file not in the case format.

    ``rule_id`` defaults to the file's name without ``.yaml``, ``__`` read as ``:``. ``ruleset``
    is where the rule comes from: a ruleset's name, or a ruleset file (a path, relative to the
    current directory); without it the rule is looked for among the installed plugins.
    """
    text = path.read_text(encoding="utf-8")
    result = read_yaml(text)
    if result.problems:
        problem = result.problems[0]
        line, column = LineIndex(text).position(problem.start)
        raise CaseError(f"{path}:{line}:{column}: {problem.message}")
    if not isinstance(result.data, list) or not result.data:
        raise CaseError(f"{path}: a case file is a list of cases, each with a name, a document and its findings")
    rule = rule_id or path.stem.replace("__", ":")
    source = _ruleset_location(ruleset)
    return [_case(rule, entry, path, index, source) for index, entry in enumerate(result.data)]


def case_params(folder: Path, *, ruleset: str | os.PathLike[str] | None = None, pattern: str = "*.yaml"
                ) -> list[pytest.ParameterSet]:
    """Every case of the case files in ``folder``, as ``pytest.param``s named ``rule-id: case name``.

    For ``@pytest.mark.parametrize("case", case_params(folder))``. Raises :class:`CaseError`
    when the folder has no case file, so that a wrong path does not pass as zero tests.
    """
    files = sorted(folder.glob(pattern))
    if not files:
        raise CaseError(f"no case files ({pattern}) in {folder}")
    return [pytest.param(case, id=str(case)) for path in files for case in load_cases(path, ruleset=ruleset)]


def _ruleset_location(ruleset: str | os.PathLike[str] | None) -> str | None:
    # The rule runs through a ruleset written in a temporary folder: a file it extends must be named absolutely.
    if ruleset is None:
        return None
    text = os.fspath(ruleset)
    if isinstance(ruleset, os.PathLike) or text.endswith((".yaml", ".yml", ".json")) or "/" in text:
        return str(Path(text).resolve())
    return text


def _case(rule_id: str, entry: Any, path: Path, index: int, ruleset: str | None) -> RuleCase:
    where = f"{path}, case {index + 1}"
    if not isinstance(entry, dict):
        raise CaseError(f"{where}: a case is a mapping with a name, a document and its findings")
    unknown = sorted(set(entry) - _CASE_KEYS)
    if unknown:
        raise CaseError(f"{where}: unknown key {unknown[0]!r} (a case has {', '.join(sorted(_CASE_KEYS))})")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CaseError(f"{where}: the case needs a name")
    document = entry.get("document")
    if not isinstance(document, dict | str):
        raise CaseError(f"{where} ({name}): 'document' must be the root document, as a mapping or as text")
    files = entry.get("files") or {}
    if not isinstance(files, dict) or not all(isinstance(value, dict | list | str) for value in files.values()):
        raise CaseError(f"{where} ({name}): 'files' maps relative paths to documents, as mappings or as text")
    findings = entry.get("findings") or []
    if not isinstance(findings, list):
        raise CaseError(f"{where} ({name}): 'findings' is a list of pointers or of {{at, message}} mappings")
    options = entry.get("options") or {}
    if not isinstance(options, dict):
        raise CaseError(f"{where} ({name}): 'options' maps the rule's option names to values")
    return RuleCase(rule_id, name, document, files, tuple(_expected(item, f"{where} ({name})") for item in findings),
                    path, index, ruleset, options)


def _expected(item: Any, where: str) -> ExpectedFinding:
    if isinstance(item, str):
        return ExpectedFinding(item)
    if isinstance(item, dict) and isinstance(item.get("at"), str) and not set(item) - _FINDING_KEYS:
        message = item.get("message")
        if message is None or isinstance(message, str):
            return ExpectedFinding(item["at"], message)
    raise CaseError(f"{where}: a finding is a pointer, or a mapping with 'at' (a pointer) and optionally "
                    f"'message' (text), not {item!r}")


# -- running cases


@cache
def installed_plugins() -> LoadedPlugins:
    """The installed plugins, loaded once for every case. A plugin that fails to load fails the cases."""
    host = PluginHost()
    host.load_entry_points()
    return host.collect()


def run_case(case: RuleCase, tmp_path: Path) -> list[Finding]:
    """Lint the case's project with its rule alone; the rule's findings, in file and line order.

    The project is written to a new folder below ``tmp_path``. A rule that raises, or a plugin
    that fails to load, fails the test.
    """
    try:
        selection = _selection(case.rule_id, case.ruleset, json.dumps(case.options, sort_keys=True))
    except CaseError as error:
        pytest.fail(f"{case} ({case.where}): {error}", pytrace=False)
    project = Path(tempfile.mkdtemp(prefix="case-", dir=tmp_path))
    root = case.write(project)
    workspace = Workspace(root=project, cwd=project)
    linter = Linter(workspace, project)
    linter.lint(workspace.read_file(root), selection)
    if linter.tool_errors:
        errors = "\n".join(f"  {error.message}" for error in linter.tool_errors)
        pytest.fail(f"{case} ({case.where}): the rule could not run:\n{errors}", pytrace=False)
    return [finding for finding in linter.findings if finding.rule_id == case.rule_id]


def check_case(case: RuleCase, tmp_path: Path, *, update: bool | None = None) -> None:
    """Fail the test unless the case's rule reports exactly the case's findings.

    Every expected place must have a finding (whose message contains the expected text, if
    one is given) and every finding must be at an expected place. With ``update`` (by default:
    ``--apilint-update-cases`` or ``APILINT_UPDATE_CASES=1``), a case that would fail has its
    ``findings`` rewritten in its file to what the rule reports, and passes.
    """
    found = _located(run_case(case, tmp_path))
    problems = _differences(case.findings, found)
    if not problems:
        return
    if (update_requested() if update is None else update) and case.source is not None:
        try:
            _rewrite(case, found)
        except CaseError as error:
            pytest.fail(str(error), pytrace=False)
        rewritten = load_cases(case.source, rule_id=case.rule_id)[case.index]
        if not _differences(rewritten.findings, found):
            return
        problems = ["the rewritten findings still differ; the case file was changed by something else", *problems]
    pytest.fail(_failure(case, problems, found), pytrace=False)


def update_requested() -> bool:
    """Whether failing cases should rewrite their findings: ``--apilint-update-cases`` or ``APILINT_UPDATE_CASES``."""
    from apilint import pytest_plugin

    flag = os.environ.get(UPDATE_ENV, "").strip().lower()
    return pytest_plugin.update_requested() or flag not in ("", "0", "false", "no")


def _located(findings: Iterable[Finding]) -> dict[str, list[str]]:
    """Place (``pointer``, or ``file#pointer`` outside the root document) -> messages, in report order."""
    found: dict[str, list[str]] = {}
    for finding in findings:
        where = finding.pointer if finding.path == ROOT_FILE else f"{finding.path}#{finding.pointer}"
        messages = found.setdefault(where, [])
        if finding.message not in messages:
            messages.append(finding.message)
    return found


def _differences(expected: Sequence[ExpectedFinding], found: Mapping[str, list[str]]) -> list[str]:
    places = {item.at for item in expected}
    missing = list(dict.fromkeys(item.at for item in expected if item.at not in found))
    unexpected = [where for where in found if where not in places]
    wrong = [item for item in expected if item.message is not None and item.at in found
             and not any(item.message in text for text in found[item.at])]
    problems = []
    if missing:
        problems.append("expected, but not reported:\n" + "".join(f"  {_shown(where)}\n" for where in missing))
    if unexpected:
        problems.append("reported, but not expected:\n" + "".join(
            f"  {_shown(where)}: {message}\n" for where in unexpected for message in found[where]))
    if wrong:
        problems.append("reported with another message:\n" + "".join(
            f"  {_shown(item.at)}: expected a message containing {item.message!r}; reported: "
            + "; ".join(repr(text) for text in found[item.at]) + "\n" for item in wrong))
    return problems


def _shown(where: str) -> str:
    return where or "'' (the root)"


def _failure(case: RuleCase, problems: list[str], found: Mapping[str, list[str]]) -> str:
    lines = [f"rule case {case} ({case.where})", *problems]
    if found:
        lines.append("everything the rule reported:\n" + "".join(
            f"  {_shown(where)}: {message}\n" for where, messages in found.items() for message in messages))
    else:
        lines.append("the rule reported nothing.\n")
    if case.source is not None:
        lines.append(f"If the rule is right, run pytest with --apilint-update-cases (or {UPDATE_ENV}=1) to write "
                     "what it reports into the case file.")
    return "\n".join(line.rstrip("\n") for line in lines)


def ruleset_rules(ruleset: str | os.PathLike[str]) -> dict[str, Rule]:
    """Every rule a ruleset defines or takes in, on or off, by id: what ``apilint rules -r RULESET --all`` lists.

    ``ruleset`` is a ruleset's name or a ruleset file. Each rule's ``source`` says where it comes from:
    the plugin that registers a Python rule, or the ruleset that defines a declarative one. The core's
    own rules, which every ruleset has, are left out. For tests that every rule has its cases.
    """
    location = _ruleset_location(ruleset)
    assert location is not None
    try:
        selection = SelectionBuilder(installed_plugins(), Path.cwd()).select((location,))
    except RulesetError as error:
        raise CaseError(f"cannot read ruleset {location}: {error}") from None
    return {rule_id: rule for rule_id, rule in selection.available.items() if rule.source != _CORE}


# -- finding a rule, and running it alone


@cache
def _selection(rule_id: str, ruleset: str | None, options: str) -> RuleSelection:
    """The selection running ``rule_id`` alone, with ``options`` (JSON, so that it can be a cache key)."""
    plugins = installed_plugins()
    if plugins.errors:
        raise CaseError("the installed plugins did not load cleanly:\n" + "\n".join(plugins.errors))
    if ruleset is None and rule_id not in plugins.rules:
        ruleset = _defining_ruleset(rule_id)
    given = json.loads(options)
    # A mapping turns the rule on as much as `true` does, and carries its options.
    definition: dict[str, Any] = {"rules": {rule_id: {"options": given} if given else True}}
    if ruleset is not None:
        definition["extends"] = [[ruleset, "off"]]
    with tempfile.TemporaryDirectory(prefix="apilint-case-") as folder:
        path = Path(folder) / "ruleset.json"
        path.write_text(json.dumps(definition), encoding="utf-8")
        try:
            selection = SelectionBuilder(plugins, Path(folder)).select((str(path),))
        except RulesetError as error:
            origin = f"ruleset {ruleset}" if ruleset is not None else "the installed plugins"
            raise CaseError(f"cannot run rule '{rule_id}' from {origin}: {error}") from None
    if rule_id not in selection.rules:
        raise CaseError(f"rule '{rule_id}' is not turned on by {ruleset or 'the installed plugins'}")
    return selection


def _defining_ruleset(rule_id: str) -> str:
    declared, broken = _declared_rules()
    names = declared.get(rule_id, [])
    if len(names) == 1:
        return names[0]
    if names:
        raise CaseError(f"rule '{rule_id}' is defined by the rulesets {', '.join(names)}; name one with "
                        "case_params(..., ruleset=NAME)")
    unread = "".join(f"\n  {problem}" for problem in broken)
    raise CaseError(f"no installed plugin registers a rule '{rule_id}' and no named ruleset defines one; install "
                    "the plugin (pip install -e .), or name the ruleset or ruleset file that defines it with "
                    "case_params(..., ruleset=...)" + (f"; rulesets that could not be read:{unread}" if unread else ""))


@cache
def _declared_rules() -> tuple[dict[str, list[str]], tuple[str, ...]]:
    """Rule id -> the named rulesets that define it in their own file, and the rulesets that cannot be read."""
    plugins = installed_plugins()
    declared: dict[str, list[str]] = {}
    broken: list[str] = []
    builder = SelectionBuilder(plugins, Path.cwd())
    for name in sorted({ruleset.name for ruleset in plugins.rulesets.values()}):
        try:
            available = builder.select((name,)).available
        except RulesetError as error:
            broken.append(f"{name}: {error}")
            continue
        for rule_id, rule in available.items():
            if rule.source == name:
                declared.setdefault(rule_id, []).append(name)
    return declared, tuple(broken)


# -- rewriting a case's findings


def _rewrite(case: RuleCase, found: Mapping[str, list[str]]) -> None:
    """Replace the case's ``findings`` in its file with what was found; every other byte stays as written.

    Only the text of the findings is replaced, located by the reader's offsets, so comments, quoting and
    layout elsewhere are kept. Entries the rule still bears out are kept as written, with their comments;
    places no kept entry covers get ``{at, message}`` entries, after the comments written for that place.
    """
    assert case.source is not None
    text = case.source.read_text(encoding="utf-8")
    data = read_yaml(text).data
    entry = data[case.index] if isinstance(data, SourceSequence) and case.index < len(data) else None
    if not isinstance(entry, SourceMapping) or entry.get("name") != case.name:
        raise CaseError(f"{case.where}: the case file changed while the tests ran; run them again")
    case_range = data.item_range(case.index)
    if case_range is None or text[case_range[0]] == "{":
        raise CaseError(f"{case.where}: a case written as a flow mapping cannot be rewritten; write it as a block")
    key_column = _column(text, entry.offsets[0])
    old = entry.get("findings")
    span = entry.member_range("findings")
    kept_text: dict[int, str] = {}
    comments: dict[str, list[str]] = {}
    header = "findings:"
    if span is not None and isinstance(old, SourceSequence) and old and text[span[1]] == "-":
        dash_column = _column(text, span[1])
        start, end = span[0], _line_end(text, span[2])
        header = text[start:_line_end(text, start + len(header))]
        previous = start + len(header)
        for index, item in enumerate(case.findings):
            bounds = old.item_range(index)
            assert bounds is not None
            # Comment lines above an entry are about its place: they stay with it, or with what replaces it.
            comments.setdefault(item.at, []).extend(
                line.strip() for line in text[previous:bounds[0]].splitlines() if line.strip().startswith("#"))
            previous = _line_end(text, bounds[1])
            kept_text[index] = text[bounds[0]:previous]
    else:
        dash_column = key_column + 2
        if span is not None:
            start, end = span[0], span[2]
        else:  # no findings key yet: it goes after the case's last member
            start = end = _line_end(text, max(entry.offsets[2::3]))
    indent = " " * dash_column
    lines: list[str] = []
    # Places keep the order they are written in; new ones follow, in the order they are reported.
    for where in dict.fromkeys([*(item.at for item in case.findings if item.at in found), *found]):
        messages = found[where]
        kept = [kept_text[index] for index, item in enumerate(case.findings)
                if item.at == where and index in kept_text
                and (item.message is None or any(item.message in message for message in messages))]
        # Written entries are shifted under their dash; kept ones are already where they belong.
        written = [_dump_entry({"at": where, "message": message}).replace("\n", "\n" + indent + "  ")
                   for message in messages]
        lines += [f"{indent}{comment}" for comment in comments.get(where, [])]
        lines += [f"{indent}- {item}" for item in kept or written]
    block = "\n".join([header, *lines]) if lines else "findings: []"
    if span is None:
        block = "\n" + " " * key_column + block
    case.source.write_text(text[:start] + block + text[end:], encoding="utf-8")


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _line_end(text: str, offset: int) -> int:
    """``offset``, or the end of its line when only a comment follows it there."""
    newline = text.find("\n", offset)
    rest = text[offset:] if newline < 0 else text[offset:newline]
    return offset + len(rest.rstrip()) if rest.strip().startswith("#") else offset


def _dump_entry(value: Mapping[str, str]) -> str:
    """One finding as block YAML, without the final newline; ruamel quotes what needs quoting."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.width = 4096  # a message stays on one line
    yaml.allow_unicode = True
    buffer = io.StringIO()
    yaml.dump(dict(value), buffer)
    return buffer.getvalue().rstrip("\n")
