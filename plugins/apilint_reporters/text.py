"""The ``text`` format: one line per finding, then a one-line summary, for people at a terminal."""

from __future__ import annotations

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint_reporters.colors import painted
from apilint_reporters.listing import gone_line, listed_findings, summary_line
from apilint_reporters.messages import message_line, one_line

__all__ = ["TextReporter"]


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
        lines = [_finding_line(finding, report.color) for finding in listed_findings(report)]
        if report.show_suppressed:
            lines += [f"{_finding_line(finding, False)} (suppressed: {one_line(reason)})"
                      for finding, reason in report.suppressed]
        if report.baseline is not None:
            lines += [gone_line(entry) for entry in report.baseline.absent]
        if lines:
            lines.append("")
        lines.append(summary_line(report))
        return "\n".join(lines) + "\n"


def _finding_line(finding: Finding, color: bool) -> str:
    span = finding.span
    severity = painted(finding.severity.value, finding.severity, color)
    rule_id = painted(finding.rule_id, finding.severity, color)
    return f"{finding.path}:{span.start_line}:{span.start_column}: {severity} {rule_id} {message_line(finding)}"
