"""Running ``apilint lint`` as a real process on hostile input, and what every such run must give.

Whatever a document holds, a run ends within the time limit, exits with 0 or 1 as its findings
say (never 2, which is for usage and internal errors), prints no traceback and no internal error,
and writes a SARIF report that is valid JSON and lists the findings the text lists. :func:`lint`
checks all of that and hands back the findings, for each test to check where they are.

Starting Python and loading the plugins costs about a second, so a test of many small inputs
lints them in one run (:func:`lint_files`), as a user linting a folder would. Each input is still
checked on its own: its findings, their places, and the exit code they imply. An input that made
apilint crash or a rule fail would make the whole run exit with 2, and every test of the batch
fail with the reason on standard error.

Runs are measured: wall time, and the peak memory of the apilint process, from ``os.wait4`` in a
small process that starts it.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

TIMEOUT_SECONDS = 120
#: The core's own rules about files and references, which the tests of this package check exactly.
CORE_RULES = frozenset({"syntax-error", "duplicate-key", "invalid-encoding", "empty-document", "unreadable-file",
                        "multiple-documents", "unsupported-key", "unknown-openapi-version", "invalid-ref",
                        "ref-not-followed"})
_FINDING = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<severity>error|warn|info|hint) "
                      r"(?P<rule>\S+) (?P<message>.*)$")


@dataclass(frozen=True)
class Found:
    """One finding as the text report gives it."""

    path: str
    line: int
    column: int
    severity: str
    rule: str
    message: str


@dataclass(frozen=True)
class Process:
    """A finished ``apilint`` process: its exit code and streams, how long it took and its peak memory."""

    exit_code: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


@dataclass(frozen=True)
class Run:
    """A lint run that kept every promise; its findings in the order the report lists them."""

    process: Process
    findings: tuple[Found, ...]

    def of(self, path: str) -> list[Found]:
        return [finding for finding in self.findings if finding.path == path]

    def core(self, path: str) -> set[tuple[str, int, int]]:
        """(rule, line, column) of the core's findings about the file ``path``."""
        return {(found.rule, found.line, found.column) for found in self.of(path) if found.rule in CORE_RULES}

    def exit_code_for(self, path: str) -> int:
        """The exit code a run of ``path`` alone must have: 1 if it has an error (the default fail level)."""
        return int(any(found.severity == "error" for found in self.of(path)))


# Runs the command in its argument list and writes its peak memory (ru_maxrss) to the file named
# first. A process forked from this one would count this one's memory as its own: ru_maxrss is
# the most a process held in its life, exec included, and pytest holds the big inputs it wrote.
_MEASURED = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code >= 0 else 128 - code)
"""


def run_apilint(args: Sequence[str], cwd: Path, stdin: bytes | None = None) -> Process:
    """Run ``python -m apilint ARGS`` in ``cwd``, measuring it; fails the test if it outlives the time limit."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "stdin").write_bytes(stdin or b"")
        started = time.monotonic()
        with (folder / "stdin").open("rb") as given, (folder / "stdout").open("wb") as out, \
                (folder / "stderr").open("wb") as err:
            # Streams go to files, so that no pipe fills while nobody reads it; a session of its own,
            # so that a run past the time limit is stopped with the process that measures it.
            child = subprocess.Popen([sys.executable, "-c", _MEASURED, str(folder / "rss"), sys.executable, "-m",
                                      "apilint", *args], cwd=cwd, stdin=given, stdout=out, stderr=err,
                                     start_new_session=True)
            try:
                exit_code = child.wait(TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
                raise AssertionError(f"apilint {' '.join(args)} did not finish in {TIMEOUT_SECONDS} s") from None
        seconds = time.monotonic() - started
        # ru_maxrss is in kilobytes on Linux (bytes on macOS, where this overstates it, safely).
        peak = int((folder / "rss").read_text()) / 1024
        return Process(exit_code, (folder / "stdout").read_text(encoding="utf-8"),
                       (folder / "stderr").read_text(encoding="utf-8"), seconds, peak)


def lint(cwd: Path, paths: Sequence[str], options: Sequence[str] = (), stdin: bytes | None = None) -> Run:
    """Lint ``paths`` in ``cwd`` with text on standard output and SARIF to a file, from one run.

    Checks what every run on a document must give: exit code 0 or 1, matching the findings; no
    traceback and no internal error; SARIF that is JSON and holds the same findings as the text.
    """
    report = cwd.parent / f"{cwd.name}-report.sarif"
    process = run_apilint(["lint", "-f", "text", "-f", "sarif", "-o", f"sarif={report}", *options, *paths], cwd,
                          stdin)
    shown = f"exit code {process.exit_code}\n{process.stdout[-3000:]}\n{process.stderr[-3000:]}"
    assert "Traceback" not in process.stderr, shown
    assert "internal error" not in process.stderr, shown
    assert process.exit_code in (0, 1), shown
    findings = tuple(Found(match["path"], int(match["line"]), int(match["column"]), match["severity"],
                           match["rule"], match["message"])
                     for match in map(_FINDING.match, process.stdout.splitlines()) if match is not None)
    assert process.exit_code == int(any(found.severity == "error" for found in findings)), shown
    sarif = json.loads(report.read_text(encoding="utf-8"))
    results = [result for run in sarif["runs"] for result in run["results"]]
    in_sarif = Counter((_shown(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]),
                        result["locations"][0]["physicalLocation"]["region"]["startLine"],
                        result["locations"][0]["physicalLocation"]["region"]["startColumn"], result["ruleId"])
                       for result in results)
    in_text = Counter((found.path, found.line, found.column, found.rule) for found in findings)
    assert in_sarif == in_text, (in_sarif - in_text, in_text - in_sarif)
    return Run(process, findings)


def _shown(uri: str) -> str:
    """A SARIF artifact URI as the text report shows the file."""
    if uri == "stdin:":
        return "<stdin>"
    return unquote(uri.removeprefix("file://"))


def lint_files(folder: Path, files: Mapping[str, bytes], options: Sequence[str] = ()) -> Run:
    """Write ``files`` (name: content) into ``folder`` and lint them all, named, in one run."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return lint(folder, sorted(files), options)


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the character ``offset`` in ``text``, as an editor counts them."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1
