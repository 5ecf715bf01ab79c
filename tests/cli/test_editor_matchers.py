"""The editor integrations in examples/editors/: their patterns, read from the files, applied to real output.

A project with findings of every severity, in two files (one reached by $ref), one of them naming a
standard's clause, is linted with the command each editor runs. The findings are known from a JSON
report of the same project; every finding line must match with its file, line, column, severity and
message, and no other line may.

VS Code's pattern is a JavaScript regular expression: the test allows only constructs that Python
reads the same way, so compiling it with ``re`` tests what VS Code matches. Vim's errorformat is
translated into a Python regular expression as Vim translates it into its own (quickfix.c,
efm_to_regpat), for the items apilint.vim uses.
"""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.cli.sample_documents import BROKEN_SCHEMAS, CLEAN_WITH_REF

REPO = Path(__file__).resolve().parents[2]
EDITORS = REPO / "examples" / "editors"
BIN = Path(sys.executable).parent

DOCUMENT = (CLEAN_WITH_REF.replace("  version: 1.0.0\n", "").replace("https://api", "http://api")
            .replace("      description: Lists the orders, newest first.\n", "").replace("      tags: [orders]\n", ""))
CONFIG = "standards: [nl-adr]\nrules:\n  operation-description: info\n  operation-tags: hint\n"


@dataclass(frozen=True)
class Expected:
    file: str
    line: int
    column: int
    severity: str
    rule: str
    message: str


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "api project"
    root.mkdir()
    (root / "openapi.yaml").write_text(DOCUMENT, encoding="utf-8")
    (root / "schemas.yaml").write_text(BROKEN_SCHEMAS, encoding="utf-8")
    (root / ".apilint.yaml").write_text(CONFIG, encoding="utf-8")
    return root


def _environment() -> dict[str, str]:
    variables = {name: value for name, value in os.environ.items() if name not in ("NO_COLOR", "FORCE_COLOR")}
    return {**variables, "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")])}


def expected_findings(project: Path) -> list[Expected]:
    completed = subprocess.run([str(BIN / "apilint"), "lint", "-f", "json", "."], cwd=project, capture_output=True,
                               text=True, timeout=120, check=False)
    assert completed.returncode == 1, completed.stdout + completed.stderr
    findings = json.loads(completed.stdout)["findings"]
    expected = [Expected(item["file"], item["line"], item["column"], item["severity"], item["rule"],
                         item["message"] + (f" [{item['clause']}]" if item["clause"] else "")) for item in findings]
    # What the project is for: every severity, two files, and a clause.
    assert {item.severity for item in expected} == {"error", "warn", "info", "hint"}
    assert {item.file for item in expected} == {"openapi.yaml", "schemas.yaml"}
    assert any(item.message.endswith("]") for item in expected)
    return expected


# VS Code


def _task() -> Any:
    [task] = json.loads((EDITORS / "vscode" / "tasks.json").read_text(encoding="utf-8"))["tasks"]
    return task


# Constructs that mean the same in a JavaScript RegExp without flags and in Python's re, over one line.
PORTABLE = re.compile(r"""
    \^ | \$ | \(\?: | \( | \) | \| | \.
  | [*+?](\?)? | \{[0-9]+(,[0-9]*)?\}\??
  | \[\^?(?:[^\\\]\[]|\\[\]\[\\-])+\]
  | \\[.^$|?*+()\[\]{}/\\]
  | [^\\^$()|.*+?\[\]{}]
""", re.VERBOSE)


def assert_portable(pattern: str) -> None:
    position = 0
    while position < len(pattern):
        match = PORTABLE.match(pattern, position)
        assert match, f"not known to mean the same in JavaScript and Python: {pattern[position:]!r}"
        position = match.end()


def _run_in_a_terminal(command: list[str], cwd: Path) -> str:
    """What the command prints on a terminal, as in VS Code's task terminal."""
    leader, follower = pty.openpty()
    with subprocess.Popen(command, cwd=cwd, env=_environment(), stdin=subprocess.DEVNULL, stdout=follower,
                          stderr=follower) as process:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the process ends
                break
            if not chunk:
                break
            chunks.append(chunk)
        process.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode()


# VS Code's ProblemMatcher.getSeverity (src/vs/workbench/contrib/tasks/common/problemMatcher.ts) with
# Severity.fromValue (src/vs/base/common/severity.ts): names compared ignoring case; "warn" is a warning,
# "hint" and "note" are info; anything else gets the matcher's default severity, error.
def vscode_severity(value: str) -> str:
    names = {"error": "error", "warning": "warning", "warn": "warning", "info": "info", "hint": "info", "note": "info"}
    letters = {"E": "error", "W": "warning", "I": "info"}
    return names.get(value.lower()) or letters.get(value) or "error"


def test_the_vscode_pattern_is_one_python_reads_as_javascript_does() -> None:
    matcher = _task()["problemMatcher"]
    assert matcher["owner"] == "apilint"
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    assert_portable(matcher["pattern"]["regexp"])
    re.compile(matcher["pattern"]["regexp"])
    with pytest.raises(AssertionError):
        assert_portable(r"^(?<file>\S+):(\d+)")


def test_the_vscode_task_output_matches_every_finding_and_nothing_else(project: Path) -> None:
    task = _task()
    assert task["options"] == {"cwd": "${workspaceFolder}"}
    args = [arg.replace("${workspaceFolder}", str(project)) for arg in task["args"]]
    output = _run_in_a_terminal([task["command"], *args], project)
    assert "\x1b" not in output, "colour codes would hide the findings from the pattern"
    pattern = task["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])
    lines = output.splitlines()
    # JavaScript's '.' also stops at these; Python's does not, so they must not be there.
    assert not any(mark in line for line in lines for mark in ("\r", "\u2028", "\u2029"))
    matched = []
    for line in lines:
        if found := regexp.match(line):
            matched.append(Expected(found[pattern["file"]], int(found[pattern["line"]]), int(found[pattern["column"]]),
                                    found[pattern["severity"]], found[pattern["code"]], found[pattern["message"]]))
    assert matched == expected_findings(project)
    assert len([line for line in lines if line]) == len(matched) + 1  # and the summary, which does not match
    assert {item.severity: vscode_severity(item.severity) for item in matched} == {
        "error": "error", "warn": "warning", "info": "info", "hint": "info"}


# Vim and Neovim


def _vim_option(name: str) -> str:
    """The value of a ``CompilerSet name=...`` line, unescaped as ``:set`` does."""
    text = (EDITORS / "vim" / "apilint.vim").read_text(encoding="utf-8")
    [raw] = re.findall(rf"^CompilerSet {name}=(.*)$", text, re.MULTILINE)
    return re.sub(r"\\([ \\|\"])", r"\1", raw)


def _split_formats(errorformat: str) -> Iterator[str]:
    """The formats of an errorformat: separated by commas, ``\\,`` being a comma in a format."""
    current = ""
    for index, char in enumerate(errorformat):
        if char == "," and not (index and errorformat[index - 1] == "\\"):
            yield current
            current = ""
        else:
            current += char
    yield current


@dataclass(frozen=True)
class VimFormat:
    kind: str  # "" for a finding, "+G" for a line kept as text, "-G" for a line left out
    regexp: re.Pattern[str]
    items: tuple[str, ...]


def translate(errorformat_item: str) -> VimFormat:
    """One format as Vim's efm_to_regpat makes it a pattern: anchored, literal text escaped, and
    %f (before a literal character) a shortest match, %l and %c digits, %t one character, %m the rest,
    %. any character and %# a repetition. Another item fails the test rather than being guessed."""
    kind, text = "", errorformat_item
    if text[:3] in ("%-G", "%+G"):
        kind, text = text[1:3], text[3:]
    pattern, items, index = "^", [], 0
    while index < len(text):
        char = text[index]
        if char != "%":
            pattern += re.escape(char)
            index += 1
            continue
        item = text[index + 1]
        if item in "flctm":
            assert item not in items, f"%{item} twice in {errorformat_item!r}"
            items.append(item)
            if item == "f":
                following = text[index + 2:index + 3]
                assert following not in ("", "%", "\\"), "only %f before a literal character is translated"
                pattern += "(.+?)"
            else:
                pattern += {"l": "([0-9]+)", "c": "([0-9]+)", "t": "(.)", "m": "(.+)"}[item]
        elif item in ".#%":
            pattern += {".": ".", "#": "*", "%": "%"}[item]
        else:
            raise AssertionError(f"the test does not translate %{item}")
        index += 2
    return VimFormat(kind, re.compile(pattern + r"\Z"), tuple(items))


@dataclass(frozen=True)
class QuickfixEntry:
    file: str | None
    line: int
    column: int
    type: str
    text: str


def quickfix(errorformat: str, output: str) -> list[QuickfixEntry]:
    """The quickfix list Vim makes of ``output``: each line takes the first format that matches it."""
    formats = [translate(item) for item in _split_formats(errorformat)]
    entries = []
    for line in output.splitlines():
        chosen = next(((form, found) for form in formats if (found := form.regexp.match(line))), None)
        if chosen is None or chosen[0].kind == "-G":
            continue
        form, found = chosen
        if form.kind == "+G":
            entries.append(QuickfixEntry(None, 0, 0, "", line))
            continue
        values = dict(zip(form.items, found.groups(), strict=True))
        entries.append(QuickfixEntry(values["f"], int(values["l"]), int(values["c"]), values.get("t", ""),
                                     values["m"]))
    return entries


def _make(arguments: str, project: Path) -> str:
    """What ``:make ARGUMENTS`` reads: makeprg and the arguments, through the shell, with standard error."""
    completed = subprocess.run(f"{_vim_option('makeprg')} {arguments} 2>&1", shell=True, cwd=project,
                               env=_environment(), capture_output=True, text=True, timeout=120, check=False)
    return completed.stdout


def test_the_vim_translation_follows_vim() -> None:
    finding = translate("%f:%l:%c: %trror %m")
    # %f is the shortest text before ":" that lets the rest match, so a file name may hold a colon.
    matched = finding.regexp.match("a:b.yaml:3:14: error x y")
    assert matched and matched.groups() == ("a:b.yaml", "3", "14", "e", "x y")
    assert finding.regexp.match("a.yaml:3:14: warn x") is None
    assert finding.regexp.match("a.yaml:3:14: error x\n") is None
    ignored = translate("%-G%.%#")
    assert ignored.kind == "-G" and ignored.regexp.match("") and ignored.regexp.match("3 problems")
    assert translate("50%% %m").regexp.match("50% done")
    with pytest.raises(AssertionError):
        translate("%f%l")
    with pytest.raises(AssertionError):
        translate("%f:%n")


def test_the_vim_errorformat_makes_an_entry_of_every_finding_and_nothing_else(project: Path) -> None:
    assert shlex.split(_vim_option("makeprg"))[:2] == ["apilint", "lint"]
    output = _make(".", project)
    entries = quickfix(_vim_option("errorformat"), output)
    vim_types = {"error": "e", "warn": "w", "info": "i", "hint": "n"}  # n: Vim's note, Neovim's hint
    assert entries == [QuickfixEntry(item.file, item.line, item.column, vim_types[item.severity],
                                     f"{item.rule} {item.message}") for item in expected_findings(project)]


def test_the_vim_errorformat_keeps_apilints_own_errors_as_text(project: Path) -> None:
    output = _make("missing.yaml", project)
    assert quickfix(_vim_option("errorformat"), output) == [
        QuickfixEntry(None, 0, 0, "", "apilint: error: no such file or directory: missing.yaml")]
