"""Conformance report formats: golden files for each, and what each must show."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from apilint.rules import Rule
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint.standards.conformance import ConformanceReport, build_conformance
from apilint.standards.model import Clause, Standard
from apilint_reporters.conformance_html import ConformanceHtmlReporter
from apilint_reporters.conformance_json import ConformanceJsonReporter
from apilint_reporters.conformance_text import ConformanceMarkdownReporter, ConformanceTextReporter
from tests.unit.reporters.conftest import make_finding

KEY = "demo@1.2.0"
STANDARD = Standard(
    id="demo", version="1.2.0", title="Demo API Rules", owner="Standards Office", status="adopted",
    published="2026-03-01", source="https://example.org/demo/1.2.0", licence="CC-BY-4.0",
    clauses=(
        Clause("/paths/no-trailing-slash", "Paths do not end with a slash", "MUST", "https://example.org/demo#p1",
               "static"),
        Clause("/info/semver", "The version follows SemVer", "MUST", "https://example.org/demo#s1", "static"),
        Clause("/naming/plural", "Collections have plural names <b>", "SHOULD", "https://example.org/demo#n1",
               "heuristic"),
        Clause("/oas2/schemes", "Swagger documents list https", "MUST", "https://example.org/demo#o1", "static"),
        Clause("/process/changelog", "A changelog is published | per version", "MUST",
               "https://example.org/demo#c1", "no"),
    ),
    ruleset=Path("ruleset.yaml"),
)


def rule(rule_id: str, clause: str, formats: frozenset[str] = frozenset()) -> Rule:
    return Rule(id=rule_id, severity=Severity.ERROR, summary="A rule.", description="Why.", clause=clause,
                formats=formats, source=KEY)


RULES = {
    "demo:no-trailing-slash": rule("demo:no-trailing-slash", "/paths/no-trailing-slash"),
    "demo:semver": rule("demo:semver", "/info/semver"),
    "demo:plural": rule("demo:plural", "/naming/plural"),
    "demo:oas2-https": rule("demo:oas2-https", "/oas2/schemes", frozenset({"oas2"})),
}
FINDINGS = (
    make_finding("demo:no-trailing-slash", Severity.ERROR, "A path must not end with a slash.", "api/openapi.yaml",
                 "/paths/~1orders~1", Span(7, 3, 7, 12), clause="/paths/no-trailing-slash"),
    make_finding("demo:plural", Severity.WARN, 'Is "order" meant to be "orders"?', "api/paths.yaml",
                 "/~1order~1{id}", Span(1, 1, 1, 13), clause="/naming/plural"),
)


@pytest.fixture
def report() -> ConformanceReport:
    return build_conformance(STANDARD, RULES, FINDINGS, ["oas3_0"], ["api/openapi.yaml"], tool_version="0.1.0")


def test_outcomes_per_clause_and_the_headline(report: ConformanceReport) -> None:
    assert [(result.clause.id, result.outcome) for result in report.results] == [
        ("/paths/no-trailing-slash", "failed"), ("/info/semver", "passed"), ("/naming/plural", "failed"),
        ("/oas2/schemes", "not-applicable"), ("/process/changelog", "not-checkable")]
    assert [tally.headline for tally in report.tallies] == ["MUST clauses: 1 of 2 met", "SHOULD clauses: 0 of 1 met"]
    assert report.tallies[0].not_checkable == 1
    assert not report.mandatory_met


def test_a_failed_should_clause_does_not_fail_the_mandatory_ones() -> None:
    report = build_conformance(STANDARD, RULES, FINDINGS[1:], ["oas3_0"], ["api/openapi.yaml"])
    assert report.mandatory_met


@pytest.mark.parametrize(("reporter", "name"), [
    (ConformanceTextReporter(), "conformance.txt"), (ConformanceMarkdownReporter(), "conformance.md"),
    (ConformanceJsonReporter(), "conformance.json"), (ConformanceHtmlReporter(), "conformance.html"),
])
def test_matches_golden(report: ConformanceReport, golden: Callable[[str, str], None], reporter: object,
                        name: str) -> None:
    golden(name, reporter.render(report))  # type: ignore[attr-defined]


def test_json_carries_every_clause_with_its_findings(report: ConformanceReport) -> None:
    data = json.loads(ConformanceJsonReporter().render(report))
    assert data["mandatory_met"] is False
    failed = data["clauses"][0]
    assert (failed["outcome"], failed["findings"][0]["pointer"], failed["findings"][0]["line"]) == (
        "failed", "/paths/~1orders~1", 7)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.sources += [value or "" for name, value in attrs if name in ("src", "href")]


def test_html_is_standalone_and_escapes_what_it_shows(report: ConformanceReport) -> None:
    page = ConformanceHtmlReporter().render(report)
    parser = _Collector()
    parser.feed(page)
    assert "script" not in parser.tags and "link" not in parser.tags and "img" not in parser.tags
    assert parser.sources == []
    assert "Collections have plural names &lt;b&gt;" in page
    assert "MUST clauses: 1 of 2 met" in page


def test_markdown_table_cells_stay_in_their_column(report: ConformanceReport) -> None:
    lines = ConformanceMarkdownReporter().render(report).splitlines()
    [row] = [line for line in lines if "changelog" in line]
    assert row.count(" | ") == 3 and "A changelog is published \\| per version" in row


def test_a_level_with_nothing_checked_says_so() -> None:
    report = build_conformance(STANDARD, {}, (), ["oas3_0"], ["api/openapi.yaml"])
    assert [tally.headline for tally in report.tallies] == ["MUST clauses: none checked",
                                                            "SHOULD clauses: none checked"]
