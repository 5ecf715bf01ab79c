"""The ``text`` format: one line per finding, then a one-line summary, for people at a terminal."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.severity import Severity

if TYPE_CHECKING:
    from apilint.baseline import BaselineComparison, BaselineEntry

__all__ = ["TextReporter"]

_RESET = "\x1b[0m"
_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARN: "\x1b[33m",
    Severity.INFO: "\x1b[34m",
    Severity.HINT: "\x1b[2m",
}
# The nouns the summary counts findings with, singular and plural.
_NOUNS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARN: ("warning", "warnings"),
    Severity.INFO: ("info", "infos"),
    Severity.HINT: ("hint", "hints"),
}
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# Messages quote the linted documents, which are not trusted: a stray escape sequence
# must not be able to repaint or move the user's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class TextReporter:
    """Findings as ``path:line:col: severity rule-id message`` lines and a summary.

    A finding of a rule that encodes a standard's clause ends with the clause: ``[/core/uri-version]``.

    With a baseline, only new findings are listed; the baseline's entries that are gone
    follow as ``path#pointer: gone rule-id message`` lines, which have no line number
    because the node may be gone too, and which editors therefore do not take for findings.
    Their path is the one the baseline records, relative to the source root.
    """

    name = "text"
    description = "One line per finding and a summary, for people."

    def render(self, report: LintReport) -> str:
        lines = [_finding_line(finding, report.color) for finding in _listed(report)]
        if report.show_suppressed:
            lines += [f"{_finding_line(finding, False)} (suppressed: {_one_line(reason)})"
                      for finding, reason in report.suppressed]
        if report.baseline is not None:
            lines += [_gone_line(entry) for entry in report.baseline.absent]
        if lines:
            lines.append("")
        lines.append(_summary(report))
        return "\n".join(lines) + "\n"


def _listed(report: LintReport) -> list[Finding]:
    """The findings to list: all of them, or with a baseline only the new ones."""
    baseline = report.baseline
    if baseline is None:
        return list(report.findings)
    return [finding for finding in report.findings if baseline.state(finding) == "new"]


def _finding_line(finding: Finding, color: bool) -> str:
    span = finding.span
    severity = _painted(finding.severity.value, finding.severity, color)
    rule_id = _painted(finding.rule_id, finding.severity, color)
    message = _one_line(finding.message)
    clause = f" [{_one_line(finding.clause)}]" if finding.clause else ""
    return f"{finding.path}:{span.start_line}:{span.start_column}: {severity} {rule_id} {message}{clause}"


def _gone_line(entry: BaselineEntry) -> str:
    # ``file#pointer`` is how a $ref names a node, so OpenAPI authors read it without help.
    where = f"{entry.path}#{entry.pointer}" if entry.pointer else entry.path
    return f"{where}: gone {entry.rule_id} {_one_line(entry.message)}"


def _painted(text: str, severity: Severity, color: bool) -> str:
    return f"{_COLORS[severity]}{text}{_RESET}" if color else text


def _one_line(message: str) -> str:
    flat = _LINE_BREAKS.sub(" ", message.strip())
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", flat)


def _summary(report: LintReport) -> str:
    files = _counted(report.files_linted, "file", "files")
    suppressed = f"; {len(report.suppressed)} suppressed" if report.suppressed else ""
    if report.baseline is not None:
        return _baseline_summary(report, report.baseline, files, suppressed)
    if not report.findings:
        return f"No problems found in {files}{suppressed}."
    return f"{_problems(report.findings, 'problem', 'problems')} in {files}{suppressed}"


def _baseline_summary(report: LintReport, baseline: BaselineComparison, files: str, suppressed: str) -> str:
    new = _listed(report)
    # Every count is named even when it is 0, so the line reads the same from run to run.
    known = f"baseline: {len(report.findings) - len(new)} unchanged (not shown), {len(baseline.absent)} gone"
    if not new:
        return f"No new problems found in {files}; {known}{suppressed}."
    return f"{_problems(new, 'new problem', 'new problems')} in {files}; {known}{suppressed}"


def _problems(findings: Sequence[Finding], singular: str, plural: str) -> str:
    """``3 problems (1 error, 2 warnings)``, with the nouns given for the total."""
    counts = Counter(finding.severity for finding in findings)
    # Errors and warnings are always named, so a summary reads the same from run to run;
    # infos and hints only when there are some.
    parts = [
        _counted(counts[severity], *_NOUNS[severity])
        for severity in Severity
        if counts[severity] or severity in (Severity.ERROR, Severity.WARN)
    ]
    return f"{_counted(len(findings), singular, plural)} ({', '.join(parts)})"


def _counted(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"
