from __future__ import annotations

from dataclasses import replace

from apilint.reporting import LintReport
from apilint.rules import Rule
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.markdown import MAX_ROWS, MarkdownReporter

from .conftest import PETSTORE, make_finding

HEADER = "| File | Line | Severity | Rule | Message |"


def render(report: LintReport) -> str:
    return MarkdownReporter().render(report)


def cells(row: str) -> list[str]:
    """A table row's cells as GitHub splits them: at every pipe not escaped by a backslash."""
    found, current, escaped = [], "", False
    for character in row.strip()[1:-1]:
        if character == "|" and not escaped:
            found.append(current.strip())
            current = ""
        else:
            current += character
        escaped = character == "\\" and not escaped
    return [*found, current.strip()]


def rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and line != HEADER and "| --- |" not in line]


def row_for(report: LintReport, message: str) -> list[str]:
    finding = make_finding("info-contact", Severity.WARN, message, PETSTORE, "", Span(1, 1, 1, 2))
    [row] = rows(render(replace(report, findings=(finding,))))
    return cells(row)


def test_matches_golden(report, golden):
    golden("markdown.md", render(report))


def test_baseline_matches_golden(baseline_report, golden):
    golden("markdown-baseline.md", render(baseline_report))


def test_failing_matches_golden(failing_report, golden):
    golden("markdown-failing.md", render(failing_report))


def test_heading_count_then_a_table_of_the_findings(report):
    lines = render(report).splitlines()
    assert lines[:4] == ["## apilint", "", "5 problems (1 error, 2 warnings, 1 info, 1 hint) in 2 files", ""]
    assert lines[4:6] == [HEADER, "| --- | ---: | --- | --- | --- |"]
    assert cells(lines[6]) == ["specs/café orders #2.yaml", "14", "error", "operation-id-unique",
                               "operationId 'listOrders' is also used by GET /orders \\[OpenAPI 3.1.0, 4.8.10.1\\]"]
    assert len(rows(render(report))) == len(report.findings)


def test_a_rule_links_to_its_documentation_when_it_has_a_web_address(report):
    by_rule = {cells(row)[3] for row in rows(render(report))}
    assert "[info-contact](https://example.com/rules/info-contact)" in by_rule
    assert "path-kebab-case" in by_rule


def test_a_documentation_url_cannot_break_the_link_or_the_table(report):
    rule = Rule(id="info-contact", severity=Severity.WARN, summary="s", description="d",
                documentation_url="https://example.com/a b|c)(d")
    other = Rule(id="path-kebab-case", severity=Severity.INFO, summary="s", description="d",
                 documentation_url="javascript:alert(1)")
    text = render(replace(report, rules=(rule, other)))
    by_rule = {cells(row)[3] for row in rows(text)}
    assert "[info-contact](https://example.com/a%20b%7Cc%29%28d)" in by_rule
    assert "path-kebab-case" in by_rule and "javascript" not in text


def test_pipes_and_backslashes_cannot_add_columns(report):
    assert len(row_for(report, "a | b \\| c \\\\| d \\")) == 5
    assert row_for(report, "a | b")[4] == "a \\| b"
    assert row_for(report, "a \\| b")[4] == "a \\\\\\| b"


def test_line_breaks_html_and_markup_are_escaped(report):
    message = "first\r\nsecond <script>alert(1)</script> *bold* _em_ `code` [link](http://x) ~~s~~ &lt; \x1b[2J"
    assert row_for(report, message)[4] == (
        "first second &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\* \\_em\\_ \\`code\\` \\[link\\](http://x) "
        "\\~\\~s\\~\\~ \\&lt; \\\\x1b\\[2J")


def test_the_table_stops_at_the_cap_and_says_how_many_are_left_out(report):
    many = tuple(make_finding("info-contact", Severity.WARN, f"m{line}", PETSTORE, f"/{line}", Span(line, 1, line, 2))
                 for line in range(1, MAX_ROWS + 6))
    text = render(replace(report, findings=many))
    assert len(rows(text)) == MAX_ROWS
    assert text.splitlines()[-2:] == [
        "", "5 more problems are left out of this table; `apilint lint --format text` lists them all."]
    exactly = render(replace(report, findings=many[:MAX_ROWS]))
    assert len(rows(exactly)) == MAX_ROWS and "left out" not in exactly


def test_one_left_out_is_singular(report):
    many = tuple(make_finding("info-contact", Severity.WARN, "m", PETSTORE, f"/{line}", Span(line, 1, line, 2))
                 for line in range(1, MAX_ROWS + 2))
    assert render(replace(report, findings=many)).splitlines()[-1].startswith("1 more problem is left out")


def test_clean_run_says_so_without_a_table(clean_report):
    assert render(clean_report) == "## apilint\n\nNo problems found in 2 files.\n"


def test_baseline_counts_new_unchanged_and_gone_and_lists_only_new(baseline_report):
    text = render(baseline_report)
    assert text.splitlines()[2] == (
        "2 new problems (1 error, 1 warning) in 2 files; baseline: 3 unchanged (not shown), 2 gone")
    assert [cells(row)[3].split("]")[0].lstrip("[") for row in rows(text)] == ["operation-id-unique", "info-contact"]


def test_tool_errors_are_listed_under_the_summary(failing_report):
    lines = render(failing_report).splitlines()
    assert lines[3:7] == ["", "**The run is incomplete:** apilint or a plugin failed.", "",
                          "- rule raised KeyError: 'paths'"]
