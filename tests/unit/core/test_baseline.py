"""Baselines: written deterministically, read strictly, and matched by fingerprint as a multiset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from apilint.baseline import (
    Baseline,
    BaselineComparison,
    BaselineEntry,
    BaselineError,
    compare_with_baseline,
    read_baseline,
    render_baseline,
)
from apilint.diagnostics import CORE_RULES
from apilint.engine import Linter
from apilint.findings import Finding, Violation, fingerprint
from apilint.linting_context import RuleContext
from apilint.reporting import LintReport
from apilint.rules import rule
from apilint.selection import RuleSelection
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint.workspace import Workspace

SRCROOT = "file:///work/repo/"


def make(rule_id: str, path: str, pointer: str, message: str, line: int = 1,
         severity: Severity = Severity.WARN) -> Finding:
    return Finding(rule_id=rule_id, severity=severity, message=message, path=path, uri=SRCROOT + path,
                   pointer=pointer, span=Span(line, 1, line, 5),
                   fingerprint=fingerprint(rule_id, path, pointer, message))


def repo_path(finding: Finding) -> str:
    return finding.uri.removeprefix(SRCROOT)


def entry_of(finding: Finding) -> BaselineEntry:
    return BaselineEntry(finding.rule_id, repo_path(finding), finding.pointer, finding.message, finding.fingerprint)


def baseline_of(*findings: Finding) -> Baseline:
    return Baseline(tuple(entry_of(finding) for finding in findings))


CONTACT = make("info-contact", "specs/petstore.yaml", "/info", "The info object has no contact", line=2)
KEBAB = make("path-kebab-case", "specs/petstore.yaml", "/paths/~1petOwners", "Is '/petOwners' kebab-case?", line=9)
ORDERS = make("operation-id-unique", "specs/café orders.yaml", "/paths/~1orders/get/operationId",
              "operationId 'listOrders' is used twice", line=14, severity=Severity.ERROR)


# Writing


def test_render_writes_version_tool_and_one_sorted_entry_per_finding() -> None:
    text = render_baseline([KEBAB, ORDERS, CONTACT], repo_path, "0.1.0")
    assert text == (
        '{\n'
        '  "version": 1,\n'
        '  "tool": {\n'
        '    "name": "apilint",\n'
        '    "version": "0.1.0"\n'
        '  },\n'
        '  "findings": [\n'
        '    {\n'
        '      "rule": "operation-id-unique",\n'
        '      "path": "specs/café orders.yaml",\n'
        '      "pointer": "/paths/~1orders/get/operationId",\n'
        '      "message": "operationId \'listOrders\' is used twice",\n'
        f'      "fingerprint": "{ORDERS.fingerprint}"\n'
        '    },\n'
        '    {\n'
        '      "rule": "info-contact",\n'
        '      "path": "specs/petstore.yaml",\n'
        '      "pointer": "/info",\n'
        '      "message": "The info object has no contact",\n'
        f'      "fingerprint": "{CONTACT.fingerprint}"\n'
        '    },\n'
        '    {\n'
        '      "rule": "path-kebab-case",\n'
        '      "path": "specs/petstore.yaml",\n'
        '      "pointer": "/paths/~1petOwners",\n'
        '      "message": "Is \'/petOwners\' kebab-case?",\n'
        f'      "fingerprint": "{KEBAB.fingerprint}"\n'
        '    }\n'
        '  ]\n'
        '}\n'
    )


def test_render_does_not_depend_on_the_order_or_the_lines_of_the_findings() -> None:
    moved = [make(f.rule_id, repo_path(f), f.pointer, f.message, line=f.span.start_line + 40)
             for f in (CONTACT, KEBAB, ORDERS)]
    assert render_baseline([CONTACT, KEBAB, ORDERS], repo_path, "1") == render_baseline(moved[::-1], repo_path, "1")


def test_render_records_the_repository_path_not_the_shown_one() -> None:
    # Shown relative to a working directory below the source root; recorded from the root.
    shown_elsewhere = Finding(rule_id=CONTACT.rule_id, severity=CONTACT.severity, message=CONTACT.message,
                              path="petstore.yaml", uri=CONTACT.uri, pointer=CONTACT.pointer, span=CONTACT.span,
                              fingerprint=CONTACT.fingerprint)
    [entry] = json.loads(render_baseline([shown_elsewhere], repo_path, "1"))["findings"]
    assert entry["path"] == "specs/petstore.yaml"


def test_render_keeps_duplicate_findings_as_separate_entries() -> None:
    twin = make(CONTACT.rule_id, repo_path(CONTACT), CONTACT.pointer, CONTACT.message, line=30)
    findings = json.loads(render_baseline([CONTACT, twin], repo_path, "1"))["findings"]
    assert [entry["fingerprint"] for entry in findings] == [CONTACT.fingerprint, CONTACT.fingerprint]


def test_render_of_no_findings_is_an_empty_list() -> None:
    assert json.loads(render_baseline([], repo_path, "1"))["findings"] == []


def test_round_trip(tmp_path: Path) -> None:
    twin = make(CONTACT.rule_id, repo_path(CONTACT), CONTACT.pointer, CONTACT.message, line=30)
    (tmp_path / "baseline.json").write_text(render_baseline([KEBAB, CONTACT, ORDERS, twin], repo_path, "1"),
                                            encoding="utf-8")
    baseline = read_baseline(tmp_path / "baseline.json", "baseline.json")
    assert baseline.entries == (entry_of(ORDERS), entry_of(CONTACT), entry_of(twin), entry_of(KEBAB))


# Comparing


def test_every_finding_is_new_without_entries_and_every_entry_absent_without_findings() -> None:
    assert compare_with_baseline(Baseline(()), [CONTACT, KEBAB]) == BaselineComparison(
        new=(CONTACT, KEBAB), unchanged=(), absent=())
    assert compare_with_baseline(baseline_of(KEBAB, CONTACT), []) == BaselineComparison(
        new=(), unchanged=(), absent=(entry_of(CONTACT), entry_of(KEBAB)))


def test_new_unchanged_and_absent() -> None:
    comparison = compare_with_baseline(baseline_of(ORDERS, CONTACT), [KEBAB, CONTACT])
    assert comparison.new == (KEBAB,)
    assert comparison.unchanged == (CONTACT,)
    assert comparison.absent == (entry_of(ORDERS),)
    assert comparison.state(KEBAB) == "new"
    assert comparison.state(CONTACT) == "unchanged"


def test_matching_counts_occurrences_of_a_fingerprint() -> None:
    copies = [make(CONTACT.rule_id, repo_path(CONTACT), CONTACT.pointer, CONTACT.message, line=line)
              for line in (30, 10, 20)]
    # Two recorded, three found: the two first in finding order are unchanged, the last is new.
    comparison = compare_with_baseline(baseline_of(CONTACT, CONTACT), copies)
    assert [finding.span.start_line for finding in comparison.unchanged] == [10, 20]
    assert [finding.span.start_line for finding in comparison.new] == [30]
    assert comparison.absent == ()
    assert [comparison.state(finding) for finding in copies] == ["new", "unchanged", "unchanged"]
    # Three recorded, one found: two entries are absent.
    fewer = compare_with_baseline(baseline_of(CONTACT, CONTACT, CONTACT), copies[:1])
    assert (fewer.new, fewer.unchanged, fewer.absent) == ((), (copies[0],), (entry_of(CONTACT),) * 2)


def test_which_duplicate_is_new_does_not_depend_on_the_order_of_the_findings() -> None:
    copies = [make(CONTACT.rule_id, repo_path(CONTACT), CONTACT.pointer, CONTACT.message, line=line)
              for line in (3, 1, 2)]
    first = compare_with_baseline(baseline_of(CONTACT), copies)
    second = compare_with_baseline(baseline_of(CONTACT), copies[::-1])
    assert first == second
    assert [finding.span.start_line for finding in first.new] == [2, 3]


def test_findings_match_whatever_their_lines_and_severity() -> None:
    # What a reformatted file, or a rule configured to another level, gives: same node, same problem.
    moved = make(CONTACT.rule_id, repo_path(CONTACT), CONTACT.pointer, CONTACT.message, line=120,
                 severity=Severity.ERROR)
    comparison = compare_with_baseline(baseline_of(CONTACT), [moved])
    assert comparison.unchanged == (moved,) and comparison.new == () and comparison.absent == ()


@pytest.mark.parametrize("changed", [
    make("info-contact", "specs/petstore.yaml", "/info", "The info object has no contact email"),
    make("info-contact", "specs/pets.yaml", "/info", "The info object has no contact"),
    make("info-contact", "specs/petstore.yaml", "/info/x", "The info object has no contact"),
    make("info-contact-v2", "specs/petstore.yaml", "/info", "The info object has no contact"),
])
def test_another_message_path_pointer_or_rule_is_another_finding(changed: Finding) -> None:
    comparison = compare_with_baseline(baseline_of(CONTACT), [changed])
    assert comparison.new == (changed,)
    assert comparison.absent == (entry_of(CONTACT),)


def test_absent_entries_are_sorted_by_path_pointer_and_rule() -> None:
    comparison = compare_with_baseline(baseline_of(KEBAB, CONTACT, ORDERS), [])
    assert [entry.rule_id for entry in comparison.absent] == ["operation-id-unique", "info-contact",
                                                              "path-kebab-case"]


def test_a_finding_the_comparison_did_not_see_is_new() -> None:
    assert compare_with_baseline(baseline_of(CONTACT), [CONTACT]).state(KEBAB) == "new"


# Reformatting a real document keeps its findings matched


@rule(id="title-required", severity="warn", summary="Info must have a title.", description="Why.")
def title_required(ctx: RuleContext) -> Iterator[Violation]:
    if "title" not in ctx.data.get("info", {}):
        yield ctx.violation("/info", "info has no title")


@rule(id="schema-description", severity="info", summary="Schemas are described.", description="Why.")
def schema_description(ctx: RuleContext) -> Iterator[Violation]:
    for name, schema in ctx.data.get("components", {}).get("schemas", {}).items():
        if "description" not in schema:
            yield ctx.violation(f"/components/schemas/{name}", f"schema {name} has no description")


def lint(root: Path) -> list[Finding]:
    workspace = Workspace(root, cwd=root)
    linter = Linter(workspace, root)
    selection = RuleSelection(rules={rule.id: rule for rule in (*CORE_RULES, title_required, schema_description)})
    linter.lint(workspace.read_file(root / "api.yaml"), selection)
    return list(linter.findings)


def report_of(root: Path, findings: list[Finding]) -> LintReport:
    return LintReport(findings=findings, rules=(), tool_name="apilint", tool_version="1", information_uri="",
                      files_linted=1, srcroot_uri=root.as_uri() + "/")


ORIGINAL = """\
openapi: 3.0.3
info:
  version: '1'
paths: {}
components:
  schemas:
    Pet:
      type: object
    Owner:
      type: object
"""

# The same document, indented, reordered, in flow style, with comments and blank lines.
REFORMATTED = """\
# Moved around on purpose.
components:

    schemas:
        Owner: {type: object}

        Pet:
            type: object
paths: {}
info: {version: '1'}   # still no title
openapi: 3.0.3
"""


def test_reformatting_and_moving_blocks_keeps_every_finding_matched(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(ORIGINAL, encoding="utf-8")
    before = lint(tmp_path)
    (tmp_path / "baseline.json").write_text(
        render_baseline(before, report_of(tmp_path, before).repo_path, "1"), encoding="utf-8")
    (tmp_path / "api.yaml").write_text(REFORMATTED, encoding="utf-8")
    after = lint(tmp_path)

    assert len(after) == len(before) == 3
    assert {f.span for f in after}.isdisjoint({f.span for f in before}), "every finding moved"
    comparison = compare_with_baseline(read_baseline(tmp_path / "baseline.json", "baseline.json"), after)
    assert comparison.new == ()
    assert comparison.absent == ()
    assert sorted(comparison.unchanged, key=lambda f: f.sort_key) == sorted(after, key=lambda f: f.sort_key)


def test_a_new_problem_is_new_and_a_fixed_one_absent(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(ORIGINAL, encoding="utf-8")
    before = lint(tmp_path)
    (tmp_path / "baseline.json").write_text(
        render_baseline(before, report_of(tmp_path, before).repo_path, "1"), encoding="utf-8")
    baseline = read_baseline(tmp_path / "baseline.json", "baseline.json")
    (tmp_path / "api.yaml").write_text(
        ORIGINAL.replace("    Pet:\n", "    Pet:\n      description: A pet.\n") + "    Vet:\n      type: object\n",
        encoding="utf-8")
    comparison = compare_with_baseline(baseline, lint(tmp_path))
    assert [finding.message for finding in comparison.new] == ["schema Vet has no description"]
    assert [finding.message for finding in comparison.unchanged] == ["info has no title",
                                                                     "schema Owner has no description"]
    assert [(entry.path, entry.pointer, entry.message) for entry in comparison.absent] == [
        ("api.yaml", "/components/schemas/Pet", "schema Pet has no description")]


# Reading files that are not usable baselines


def error_for(tmp_path: Path, content: str | bytes) -> BaselineError:
    path = tmp_path / "base.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    with pytest.raises(BaselineError) as caught:
        read_baseline(path, "conf/base.json")
    return caught.value


ENTRY = '{"rule": "r", "path": "p.yaml", "pointer": "/a", "message": "m", "fingerprint": "f"}'


@pytest.mark.parametrize(("content", "line", "message"), [
    ('{\n  "version": 1,\n  "findings": [\n    oops\n  ]\n}\n', 4, "is not valid JSON: "),
    ('{"version": 1, "findings": []}\n\n}', 3, "is not valid JSON: "),
    ("", 1, "is not valid JSON: the document is empty"),
    ('{\n  "version": 1,\n  "version": 1,\n  "findings": []\n}\n', 3, "is not valid JSON: duplicate key 'version'"),
    ('[\n]\n', 1, "a baseline must be a JSON object with 'version' and 'findings'"),
    ('{\n  "findings": []\n}\n', 1, "'version' is missing"),
    ('{\n  "findings": [],\n  "version": "1"\n}\n', 3, "'version' must be the baseline format's version number"),
    ('{\n  "findings": [],\n  "version": true\n}\n', 3, "'version' must be the baseline format's version number"),
    ('{\n  "version": 2,\n  "findings": []\n}\n', 2, "baseline format version 2 is not supported; this apilint "
                                                    "reads version 1 (recreate the file with 'apilint baseline "
                                                    "create')"),
    ('{\n  "version": 1\n}\n', 1, "'findings' must be a list of recorded findings"),
    ('{\n  "version": 1,\n  "findings": {}\n}\n', 3, "'findings' must be a list of recorded findings"),
    (f'{{"version": 1,\n "findings": [\n  {ENTRY},\n  "x"\n]}}', 4,
     "findings[1] must be an object with 'rule', 'path', 'pointer', 'message' and 'fingerprint'"),
    ('{"version": 1,\n "findings": [\n  {"rule": "r", "path": "p", "pointer": "",\n   "fingerprint": "f"}\n]}',
     3, "findings[0]: 'message' is missing"),
    ('{"version": 1,\n "findings": [\n  {"rule": "r", "path": "p", "pointer": "", "message": "m",\n'
     '   "fingerprint": 7}\n]}', 4, "findings[0]: 'fingerprint' must be a string"),
    ('{"version": 1,\n "findings": [\n  {"rule": "r", "path": "p", "pointer": "", "message": "m",\n'
     '   "fingerprint": ""}\n]}', 4, "findings[0]: 'fingerprint' is empty"),
])
def test_a_bad_file_is_an_error_naming_the_line(tmp_path: Path, content: str, line: int, message: str) -> None:
    error = error_for(tmp_path, content)
    assert (error.path, error.line) == ("conf/base.json", line)
    assert error.message.startswith(message)
    assert str(error) == f"conf/base.json:{line}: {error.message}"
    assert "\n" not in str(error)


def test_text_that_is_not_utf8_is_an_error_at_its_line(tmp_path: Path) -> None:
    error = error_for(tmp_path, b'{\n  "version": 1,\n  "findings": ["\xff"]\n}\n')
    assert error.line == 3
    assert error.message.startswith("the file is not valid UTF-8: ")


def test_an_unreadable_file_is_an_error_without_a_line(tmp_path: Path) -> None:
    with pytest.raises(BaselineError) as missing:
        read_baseline(tmp_path / "nowhere.json", "nowhere.json")
    assert str(missing.value) == "nowhere.json: cannot be read: No such file or directory"
    assert missing.value.line is None
    with pytest.raises(BaselineError) as folder:
        read_baseline(tmp_path, "some-folder")
    assert str(folder.value).startswith("some-folder: cannot be read: ")


def test_a_byte_order_mark_and_unknown_keys_are_accepted(tmp_path: Path) -> None:
    text = '{"version": 1, "note": "hand-written", "findings": [' + ENTRY[:-1] + ', "extra": 1}]}'
    (tmp_path / "base.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert read_baseline(tmp_path / "base.json", "base.json") == Baseline((BaselineEntry("r", "p.yaml", "/a", "m",
                                                                                          "f"),))


def test_error_without_a_line() -> None:
    assert str(BaselineError("cannot be read: denied", "b.json")) == "b.json: cannot be read: denied"
    assert str(BaselineError("bad", "b.json", 7)) == "b.json:7: bad"
