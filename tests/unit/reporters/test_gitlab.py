from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.gitlab import GitlabReporter

from .conftest import PETSTORE, make_finding

# What GitLab reads from a Code Quality report: every issue needs these fields, and it
# ignores an issue whose severity is not one of its five.
CODE_QUALITY_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "additionalProperties": False,
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "additionalProperties": False,
                        "properties": {"begin": {"type": "integer", "minimum": 1},
                                       "end": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def render(report: LintReport) -> str:
    return GitlabReporter().render(report)


def issues(report: LintReport) -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(render(report))
    return document


def test_matches_golden(report, golden):
    golden("gitlab.json", render(report))


def test_baseline_matches_golden(baseline_report, golden):
    golden("gitlab-baseline.json", render(baseline_report))


def test_a_clean_run_is_an_empty_array(clean_report):
    assert render(clean_report) == "[]\n"


@pytest.mark.parametrize("variant", ["report", "failing_report", "clean_report", "baseline_report"])
def test_has_the_shape_gitlab_requires(request, variant):
    listed = issues(request.getfixturevalue(variant))
    jsonschema.validate(listed, CODE_QUALITY_SCHEMA)
    for issue in listed:
        assert issue["location"]["lines"]["end"] >= issue["location"]["lines"]["begin"]


def test_one_issue_per_finding_in_report_order(report):
    listed = issues(report)
    assert [issue["check_name"] for issue in listed] == [finding.rule_id for finding in report.findings]
    assert listed[0] == {
        "description": "operationId 'listOrders' is also used by GET /orders [OpenAPI 3.1.0, 4.8.10.1]",
        "check_name": "operation-id-unique",
        "fingerprint": report.findings[0].fingerprint,
        "severity": "critical",
        "location": {"path": "specs/café orders #2.yaml", "lines": {"begin": 14, "end": 14}},
    }


def test_severities(report):
    assert [issue["severity"] for issue in issues(report)] == ["critical", "info", "major", "major", "minor"]


def test_fingerprints_are_unique_even_for_findings_that_share_one(report):
    first = make_finding("info-contact", Severity.WARN, "same", PETSTORE, "/info", Span(2, 1, 2, 5))
    again = replace(first, span=Span(7, 1, 7, 5))
    twice = replace(report, findings=(*report.findings, first, again, replace(first, span=Span(9, 1, 9, 5))))
    fingerprints = [issue["fingerprint"] for issue in issues(twice)]
    assert len(set(fingerprints)) == len(fingerprints) == len(report.findings) + 3
    assert fingerprints[-3:] == [first.fingerprint, f"{first.fingerprint}-2", f"{first.fingerprint}-3"]
    assert issues(twice) == issues(twice), "the same run gives the same fingerprints"


def test_fingerprints_do_not_depend_on_lines(report):
    moved = replace(report, findings=tuple(replace(finding, span=Span(99, 1, 99, 2)) for finding in report.findings))
    assert [issue["fingerprint"] for issue in issues(moved)] == [issue["fingerprint"] for issue in issues(report)]


def test_the_description_is_one_line_without_control_characters(report):
    finding = make_finding("info-contact", Severity.WARN, "first\nsecond \x1b[2J", PETSTORE, "", Span(1, 1, 1, 2))
    [issue] = issues(replace(report, findings=(finding,)))
    assert issue["description"] == "first second \\x1b[2J"


def test_a_multi_line_span_gives_begin_and_end(report):
    assert issues(report)[3]["location"]["lines"] == {"begin": 2, "end": 4}


def test_with_a_baseline_only_new_findings_are_listed(baseline_report):
    assert [issue["check_name"] for issue in issues(baseline_report)] == ["operation-id-unique", "info-contact"]


def test_tool_errors_are_left_to_the_cli(report, failing_report):
    assert render(failing_report) == render(report)
