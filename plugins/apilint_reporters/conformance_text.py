"""Conformance reports as plain text and as Markdown: a headline, then one line per clause."""

from __future__ import annotations

from apilint.standards.conformance import ClauseResult, ConformanceReport
from apilint.standards.documentation import markdown_cell

__all__ = ["OUTCOME_WORDS", "ConformanceMarkdownReporter", "ConformanceTextReporter"]

#: How each outcome is written for people.
OUTCOME_WORDS = {"passed": "met", "failed": "not met", "not-applicable": "not applicable",
                 "not-checkable": "not checkable from the document"}


def outcome_words(result: ClauseResult) -> str:
    """The outcome for people; a heuristic check says so, as its verdict may be wrong."""
    words = OUTCOME_WORDS[result.outcome]
    return f"{words} (heuristic)" if result.clause.checkable == "heuristic" and result.rules else words


def _finding_place(result: ClauseResult) -> list[str]:
    return [f"{finding.path}:{finding.span.start_line}:{finding.span.start_column} {finding.rule_id}: "
            f"{' '.join(finding.message.split())}" for finding in result.findings]


class ConformanceTextReporter:
    """The report for a terminal: headline per level, then each clause with its findings."""

    name = "text"
    description = "A headline per level, then one line per clause with its findings, for people."

    def render(self, report: ConformanceReport) -> str:
        standard = report.standard
        lines = [f"{standard.title} {standard.version} ({standard.status}): conformance of "
                 f"{', '.join(report.documents) or 'no document'}", ""]
        lines += [tally.headline + (f" ({tally.not_checkable} not checkable)" if tally.not_checkable else "")
                  for tally in report.tallies]
        lines.append("")
        for result in report.results:
            clause = result.clause
            lines.append(f"{outcome_words(result):<31} {clause.level:<10} {clause.id}  {clause.title}")
            lines += [f"    {place}" for place in _finding_place(result)]
        return "\n".join(lines) + "\n"


class ConformanceMarkdownReporter:
    """The report as Markdown, for a pull request, a job summary or an assessment document."""

    name = "markdown"
    description = "A Markdown table of every clause, for job summaries and assessment documents."

    def render(self, report: ConformanceReport) -> str:
        standard = report.standard
        title = markdown_cell(standard.title)
        lines = [f"# Conformance to {title} {standard.version}", "",
                 f"Standard: [{title} {standard.version}]({standard.source}) ({standard.status}, "
                 f"{standard.published}, {markdown_cell(standard.owner)}).  ",
                 f"Documents: {', '.join(f'`{document}`' for document in report.documents) or 'none'}.  ",
                 f"Checked with {report.tool_name} {report.tool_version}.", ""]
        lines += [f"* **{tally.headline}**" + (f"; {tally.not_checkable} not checkable from the document"
                                                if tally.not_checkable else "") for tally in report.tallies]
        lines += ["", "| clause | level | outcome | findings |", "|---|---|---|---|"]
        for result in report.results:
            clause = result.clause
            findings = "<br>".join(markdown_cell(place) for place in _finding_place(result)) or ""
            lines.append(f"| [{markdown_cell(clause.id)}]({clause.url}) {markdown_cell(clause.title)} | "
                         f"{clause.level} | {outcome_words(result)} | {findings} |")
        return "\n".join(lines) + "\n"
