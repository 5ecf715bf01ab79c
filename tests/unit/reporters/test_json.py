from __future__ import annotations

import json

from apilint.reporting import LintReport
from apilint_reporters.json_format import FORMAT_VERSION, JsonReporter


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
