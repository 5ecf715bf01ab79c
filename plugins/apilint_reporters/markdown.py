"""The ``markdown`` format: the run in brief, for a pull-request comment or a GitHub job summary.

A heading, the summary line of ``text``, then a table of the findings::

    ## apilint

    1 problem (0 errors, 1 warning) in 1 file

    | File | Line | Severity | Rule | Message |
    | --- | ---: | --- | --- | --- |
    | specs/api.yaml | 2 | warn | [info-contact](https://example.com/info-contact) | The info object has no contact |

Paths are relative to the source root (the repository root in a git checkout). A rule links
to its documentation when it has a web address. The table stops after 200 rows, with a line
saying how many are left out, because GitHub limits the size of comments and job summaries;
a clean run says so instead of a table. With a baseline the table lists only new findings and
the summary line counts the unchanged and gone ones. Failures of apilint or a plugin are listed
under the summary, as the job summary is often all anyone reads of a run.

Every cell is one line, with the Markdown and HTML that a message could carry escaped: a
document cannot add a column, a link, emphasis or a tag to the comment.
"""

from __future__ import annotations

import re

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.standards.documentation import markdown_cell
from apilint_reporters.listing import counted, listed_findings, summary_line
from apilint_reporters.messages import message_line, one_line

__all__ = ["MAX_ROWS", "MarkdownReporter"]

#: The most findings the table lists. At about 200 characters a row this stays well under
#: GitHub's 65,536-character limit on a comment.
MAX_ROWS = 200

# Inline Markdown that a message could use, escaped with a backslash; ``markdown_cell`` takes
# care of pipes and HTML. ``&`` is escaped so that text such as "&lt;" stays as written.
_INLINE_MARKUP = re.compile(r"[\\`*_\[\]~&]")
# What would end a link's destination early, or the table cell it is in.
_URL_BREAKERS = re.compile(r"[\x00-\x20()<>|\\\x7f]")


class MarkdownReporter:
    """The report as a Markdown heading, summary and table."""

    name = "markdown"
    description = "A Markdown summary and table of findings, for pull-request comments and job summaries."

    def render(self, report: LintReport) -> str:
        lines = [f"## {_cell(report.tool_name)}", "", summary_line(report)]
        if report.tool_errors:
            lines += ["", "**The run is incomplete:** apilint or a plugin failed.", ""]
            lines += [f"- {_cell(error.message)}" for error in report.tool_errors]
        listed = listed_findings(report)
        if listed:
            links = {rule.id: rule.documentation_url for rule in report.rules
                     if rule.documentation_url.startswith(("https://", "http://"))}
            lines += ["", "| File | Line | Severity | Rule | Message |", "| --- | ---: | --- | --- | --- |"]
            lines += [_row(report, finding, links) for finding in listed[:MAX_ROWS]]
        if len(listed) > MAX_ROWS:
            left_out = counted(len(listed) - MAX_ROWS, "more problem is", "more problems are")
            lines += ["", f"{left_out} left out of this table; `apilint lint --format text` lists them all."]
        return "\n".join(lines) + "\n"


def _row(report: LintReport, finding: Finding, links: dict[str, str]) -> str:
    rule = _cell(finding.rule_id)
    if finding.rule_id in links:
        rule = f"[{rule}]({_URL_BREAKERS.sub(_percent_encoded, links[finding.rule_id])})"
    cells = (_cell(report.repo_file(finding) or finding.path), str(finding.span.start_line), finding.severity.value,
             rule, _cell(message_line(finding)))
    return f"| {' | '.join(cells)} |"


def _cell(text: str) -> str:
    return markdown_cell(_INLINE_MARKUP.sub(lambda match: "\\" + match.group(), one_line(text)))


def _percent_encoded(match: re.Match[str]) -> str:
    return f"%{ord(match.group()):02X}"
