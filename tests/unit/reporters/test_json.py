from __future__ import annotations

import json
from dataclasses import replace

from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.json_format import FORMAT_VERSION, JsonReporter

from .conftest import GONE, PETSTORE, make_finding


def render(report: LintReport) -> str:
    return JsonReporter().render(report)


def test_matches_golden(failing_report, golden):
    golden("report.json", render(failing_report))


def test_top_level_shape(report):
    document = json.loads(render(report))
    assert list(document) == ["version", "tool", "findings", "summary", "errors"]
    assert document["version"] == FORMAT_VERSION == 1
    assert document["tool"] == {"name": "apilint", "version": "0.1.0"}
    assert document["errors"] == []


def test_finding_fields(report):
    findings = json.loads(render(report))["findings"]
    assert len(findings) == len(report.findings)
    first = report.findings[0]
    assert findings[0] == {
        "rule": "operation-id-unique",
        "severity": "error",
        "message": first.message,
        "file": "specs/café orders #2.yaml",
        "pointer": "/paths/~1orders~1{id}/get/operationId",
        "line": 14,
        "column": 20,
        "end_line": 14,
        "end_column": 30,
        "fingerprint": first.fingerprint,
        "clause": "OpenAPI 3.1.0, 4.8.10.1",
    }
    assert [finding["rule"] for finding in findings] == [finding.rule_id for finding in report.findings]
    assert all(finding["clause"] is None for finding in findings[1:])
    assert {finding["severity"] for finding in findings} == {"error", "warn", "info", "hint"}


def test_summary_counts_every_severity(report, clean_report):
    assert json.loads(render(report))["summary"] == {
        "problems": 5,
        "by_severity": {"error": 1, "warn": 2, "info": 1, "hint": 1},
        "files_linted": 2,
        "suppressed": 0,
    }
    assert json.loads(render(clean_report))["summary"] == {
        "problems": 0,
        "by_severity": {"error": 0, "warn": 0, "info": 0, "hint": 0},
        "files_linted": 2,
        "suppressed": 0,
    }


def test_tool_errors(failing_report):
    assert json.loads(render(failing_report))["errors"] == [
        {"message": "rule raised KeyError: 'paths'", "plugin": "acme", "rule": "path-kebab-case",
         "file": "specs/petstore.yaml"},
    ]


def test_layout_is_indented_utf8_with_a_trailing_newline(report):
    text = render(report)
    assert text.endswith("}\n")
    assert text.startswith('{\n  "version": 1,\n')
    assert "café" in text, "non-ASCII is written as itself, not escaped"


# With a baseline


def test_baseline_matches_golden(baseline_report, golden):
    golden("report-baseline.json", render(baseline_report))


def test_without_a_baseline_nothing_says_baseline(report):
    document = json.loads(render(report))
    assert "absent" not in document and "baseline" not in document["summary"]
    assert all("baselineState" not in finding for finding in document["findings"])


def test_baseline_marks_every_finding_and_lists_absent_entries(baseline_report):
    document = json.loads(render(baseline_report))
    assert list(document) == ["version", "tool", "findings", "absent", "summary", "errors"]
    assert document["version"] == 1
    assert [(finding["rule"], finding["baselineState"]) for finding in document["findings"]] == [
        ("operation-id-unique", "new"),
        ("acme:tag-description", "unchanged"),
        ("info-contact", "new"),
        ("info-contact", "unchanged"),
        ("path-kebab-case", "unchanged"),
    ]
    assert list(document["findings"][0])[-2:] == ["clause", "baselineState"]
    assert document["absent"] == [
        {"rule": "retired-rule", "path": "specs/café orders #2.yaml", "pointer": "/paths/~1orders/get",
         "message": "Operation has no summary", "fingerprint": GONE[1].fingerprint},
        {"rule": "servers-defined", "path": "specs/petstore.yaml", "pointer": "",
         "message": "The document lists no servers", "fingerprint": GONE[0].fingerprint},
    ]


def test_baseline_summary_counts_states_and_keeps_counting_every_finding(baseline_report):
    assert json.loads(render(baseline_report))["summary"] == {
        "problems": 5,
        "by_severity": {"error": 1, "warn": 2, "info": 1, "hint": 1},
        "files_linted": 2,
        "suppressed": 0,
        "baseline": {"new": 2, "unchanged": 3, "absent": 2},
    }


def test_suppressed_findings_have_no_baseline_state(baseline_report):
    hidden = make_finding("info-contact", Severity.WARN, "Hidden", PETSTORE, "/x", Span(40, 1, 40, 2))
    document = json.loads(render(replace(baseline_report, suppressed=((hidden, "legacy"),), show_suppressed=True)))
    [suppressed] = document["suppressed"]
    assert suppressed["reason"] == "legacy" and "baselineState" not in suppressed
    assert document["summary"]["baseline"] == {"new": 2, "unchanged": 3, "absent": 2}
