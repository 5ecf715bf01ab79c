"""``--statistics``: counts per rule and severity, most first."""

from __future__ import annotations

from apilint.findings import Finding
from apilint.rules import Rule
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint.statistics import render_statistics


def finding(rule_id: str, severity: Severity, line: int) -> Finding:
    return Finding(rule_id, severity, "m", "api.yaml", "file:///api.yaml", "", Span(line, 1, line, 2))


RULES = {
    "info-contact": Rule(id="info-contact", severity=Severity.WARN, summary="The API names a contact.",
                         description=""),
    "oas3-schema": Rule(id="oas3-schema", severity=Severity.ERROR, summary="The document follows\nthe schema.",
                        description=""),
}


def test_counts_per_rule_and_severity_most_first_with_aligned_columns_and_a_total() -> None:
    findings = [finding("info-contact", Severity.WARN, line) for line in range(12)]
    findings += [finding("oas3-schema", Severity.ERROR, 1), finding("oas3-schema", Severity.ERROR, 2),
                 finding("info-contact", Severity.ERROR, 40), finding("retired", Severity.HINT, 3)]
    assert render_statistics(findings, RULES, 3) == (
        "12  warn   info-contact  The API names a contact.\n"
        " 2  error  oas3-schema   The document follows the schema.\n"
        " 1  error  info-contact  The API names a contact.\n"
        " 1  hint   retired\n"
        "\n"
        "16 problems (3 errors, 12 warnings, 1 hint) in 3 files\n")


def test_a_clean_run_says_so() -> None:
    assert render_statistics([], RULES, 1) == "No problems found in 1 file.\n"
