"""What the formats list and how they count it: the findings to show, a baseline entry that is
gone, and the one-line summary of a run.

With a baseline, formats list only the findings it does not record; the summary still counts
the recorded ones and the gone entries, so a reader knows they exist.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint_reporters.messages import one_line

if TYPE_CHECKING:
    from apilint.baseline import BaselineComparison, BaselineEntry

__all__ = ["counted", "gone_line", "listed_findings", "problems", "summary_line"]


def listed_findings(report: LintReport) -> list[Finding]:
    """The findings to list: all of them, or with a baseline only the new ones."""
    baseline = report.baseline
    if baseline is None:
        return list(report.findings)
    return [finding for finding in report.findings if baseline.state(finding) == "new"]


def gone_line(entry: BaselineEntry) -> str:
    """``path#pointer: gone rule-id message`` for a baseline entry that no finding matched.

    It has no line number because the node may be gone too, which also keeps editors from
    taking it for a finding. The path is the one the baseline records, relative to the source root.
    """
    # ``file#pointer`` is how a $ref names a node, so OpenAPI authors read it without help.
    where = f"{entry.path}#{entry.pointer}" if entry.pointer else entry.path
    return f"{one_line(where)}: gone {one_line(entry.rule_id)} {one_line(entry.message)}"


def summary_line(report: LintReport) -> str:
    """``5 problems (1 error, 2 warnings, ...) in 2 files``, or what a clean run or a baseline says instead."""
    files = counted(report.files_linted, "file", "files")
    suppressed = f"; {len(report.suppressed)} suppressed" if report.suppressed else ""
    if report.baseline is not None:
        return _baseline_summary(report, report.baseline, files, suppressed)
    if not report.findings:
        return f"No problems found in {files}{suppressed}."
    return f"{problems(report.findings, 'problem', 'problems')} in {files}{suppressed}"


def _baseline_summary(report: LintReport, baseline: BaselineComparison, files: str, suppressed: str) -> str:
    new = listed_findings(report)
    # Every count is named even when it is 0, so the line reads the same from run to run.
    known = f"baseline: {len(report.findings) - len(new)} unchanged (not shown), {len(baseline.absent)} gone"
    if not new:
        return f"No new problems found in {files}; {known}{suppressed}."
    return f"{problems(new, 'new problem', 'new problems')} in {files}; {known}{suppressed}"


def problems(findings: Sequence[Finding], singular: str, plural: str) -> str:
    """``3 problems (1 error, 2 warnings)``, with the nouns given for the total."""
    counts = Counter(finding.severity for finding in findings)
    # Errors and warnings are always named, so a summary reads the same from run to run;
    # infos and hints only when there are some.
    parts = [
        counted(counts[severity], severity.noun(1), severity.noun(2))
        for severity in Severity
        if counts[severity] or severity in (Severity.ERROR, Severity.WARN)
    ]
    return f"{counted(len(findings), singular, plural)} ({', '.join(parts)})"


def counted(count: int, singular: str, plural: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{count} {singular if count == 1 else plural}"
