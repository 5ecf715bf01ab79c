"""The ``stylish`` format: findings grouped under their file in aligned columns, for people.

It reads like ESLint's format of that name::

    specs/petstore.yaml
      1:1  warn  The info object has no contact email        info-contact
      9:3  info  Is '/petOwners' meant to be '/pet-owners'?  path-kebab-case

    2 problems (0 errors, 1 warning, 1 info) in 1 file

Each file's path is on a line of its own, then one line per finding: ``line:col``, severity,
message (with the clause of a standard the rule encodes) and rule id, each column as wide as
its widest entry in that file. A blank line separates files; the summary line is the one
``text`` ends with. In colour, paths are underlined and severities and rule ids painted as in
``text``. With a baseline only new findings are listed, followed by the entries that are gone,
as ``text`` writes them; ``--show-suppressed`` adds suppressed findings to their file, marked.
"""

from __future__ import annotations

from itertools import groupby

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint_reporters.colors import painted, underlined
from apilint_reporters.listing import gone_line, listed_findings, summary_line
from apilint_reporters.messages import message_line, one_line, visible_controls

__all__ = ["StylishReporter"]

# A listed finding, and the reason of the suppression that silenced it when it is a suppressed one.
_Row = tuple[Finding, str | None]


class StylishReporter:
    """The report as ESLint-style blocks, one per file, and a summary."""

    name = "stylish"
    description = "Findings grouped by file in aligned columns, then a summary, for people."

    def render(self, report: LintReport) -> str:
        rows: list[_Row] = [(finding, None) for finding in listed_findings(report)]
        if report.show_suppressed:
            rows += [(finding, reason) for finding, reason in report.suppressed]
        rows.sort(key=lambda row: row[0].sort_key)
        blocks = [_block(path, list(group), report.color) for path, group in groupby(rows, key=lambda row: row[0].path)]
        if report.baseline is not None and report.baseline.absent:
            blocks.append("\n".join(gone_line(entry) for entry in report.baseline.absent))
        blocks.append(summary_line(report))
        return "\n\n".join(blocks) + "\n"


def _block(path: str, rows: list[_Row], color: bool) -> str:
    cells = [(f"{finding.span.start_line}:{finding.span.start_column}", finding.severity.value,
              _message(finding, reason)) for finding, reason in rows]
    widths = [max(len(row[column]) for row in cells) for column in range(3)]
    lines = [underlined(visible_controls(path), color)]
    for (finding, reason), (position, severity, message) in zip(rows, cells, strict=True):
        # Suppressed findings stay plain, as in ``text``: colour is for what needs fixing.
        paint = color and reason is None
        # Padding goes outside the colour codes, which take no room on the screen.
        lines.append(f"  {position:<{widths[0]}}  "
                     f"{painted(severity, finding.severity, paint)}{' ' * (widths[1] - len(severity))}  "
                     f"{message:<{widths[2]}}  {painted(one_line(finding.rule_id), finding.severity, paint)}")
    return "\n".join(lines)


def _message(finding: Finding, reason: str | None) -> str:
    return message_line(finding) if reason is None else f"{message_line(finding)} (suppressed: {one_line(reason)})"
