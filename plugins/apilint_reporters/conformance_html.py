"""Conformance reports as one standalone HTML page, fit to attach to a service assessment.

Everything is in the page: styles inline, no scripts, no fonts, images or links to load, so it
opens the same offline, in a mail client or in an archive years later.
"""

from __future__ import annotations

from html import escape

from apilint.standards.conformance import ConformanceReport
from apilint_reporters.conformance_text import outcome_words

__all__ = ["ConformanceHtmlReporter"]

_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1b1b1b; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin-top: 1rem; }
th, td { border: 1px solid #c8c8c8; padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
.failed { background: #fde8e8; } .passed { background: #e8f5e9; }
.not-applicable, .not-checkable { background: #f7f7f7; color: #555; }
code { font-size: .9em; } ul.findings { margin: 0; padding-left: 1.1rem; }
.headline { font-size: 1.1rem; margin: .2rem 0; }
"""


def _text(value: str) -> str:
    return escape(value, quote=True)


class ConformanceHtmlReporter:
    name = "html"
    description = "One standalone HTML page (no external assets), to attach to an assessment."

    def render(self, report: ConformanceReport) -> str:
        standard = report.standard
        title = f"Conformance to {standard.title} {standard.version}"
        parts = [
            "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
            f"<title>{_text(title)}</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
            f"<h1>{_text(title)}</h1>",
            f"<p>Standard: {_text(standard.title)} {_text(standard.version)} ({_text(standard.status)}, "
            f"published {_text(standard.published)} by {_text(standard.owner)}); text at "
            f"<code>{_text(standard.source)}</code>.<br>",
            f"Documents: {', '.join(f'<code>{_text(document)}</code>' for document in report.documents) or 'none'}."
            f"<br>Checked with {_text(report.tool_name)} {_text(report.tool_version)}.</p>",
        ]
        for tally in report.tallies:
            extra = f"; {tally.not_checkable} not checkable from the document" if tally.not_checkable else ""
            parts.append(f'<p class="headline"><strong>{_text(tally.headline)}</strong>{_text(extra)}</p>')
        parts += ["<table>", "<thead><tr><th>Clause</th><th>Level</th><th>Outcome</th><th>Findings</th></tr></thead>",
                  "<tbody>"]
        for result in report.results:
            clause = result.clause
            findings = "".join(
                f"<li><code>{_text(finding.path)}:{finding.span.start_line}:{finding.span.start_column}</code> "
                f"{_text(finding.rule_id)}: {_text(' '.join(finding.message.split()))}</li>"
                for finding in result.findings)
            listed = f'<ul class="findings">{findings}</ul>' if findings else ""
            parts.append(
                f'<tr class="{result.outcome}"><td><code>{_text(clause.id)}</code><br>{_text(clause.title)}'
                f"<br><small>{_text(clause.url)}</small></td><td>{_text(clause.level)}</td>"
                f"<td>{_text(outcome_words(result))}</td><td>{listed}</td></tr>")
        parts += ["</tbody>", "</table>", "</body>", "</html>"]
        return "\n".join(parts) + "\n"
