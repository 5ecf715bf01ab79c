from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from apilint.findings import Finding, ToolError
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.sarif import SARIF_SCHEMA_URI, SarifReporter, encode_uri_reference

from .conftest import PETSTORE, SRCROOT, make_finding

SCHEMA_DIR = Path(__file__).parents[2] / "data" / "sarif"
SCHEMA_PATH = SCHEMA_DIR / "sarif-schema-2.1.0.json"
# RFC 3986 URI-reference, as far as its characters go: the installed jsonschema has no
# checker for the "uri-reference" format, so the schema alone would let bad URIs through.
_URI_CHARACTER = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
URI_REFERENCE = re.compile(rf"^{_URI_CHARACTER}*(?:#{_URI_CHARACTER}*)?$")


def render(report: LintReport) -> str:
    return SarifReporter().render(report)


def sarif(report: LintReport) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(render(report))
    return log


def run_of(report: LintReport) -> dict[str, Any]:
    run: dict[str, Any] = sarif(report)["runs"][0]
    return run


@pytest.fixture(params=["report", "failing_report", "clean_report"])
def any_report(request) -> LintReport:
    variant: LintReport = request.getfixturevalue(request.param)
    return variant


# Golden files


def test_matches_golden(failing_report, golden):
    golden("report.sarif", render(failing_report))


def test_clean_run_matches_golden(clean_report, golden):
    golden("clean.sarif", render(clean_report))


# Schema


def test_vendored_schema_is_the_recorded_one():
    recorded = (SCHEMA_DIR / "sarif-schema-2.1.0.json.sha256").read_text(encoding="utf-8").split()[0]
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == recorded


def test_validates_against_the_official_schema(any_report):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    assert validator_class is jsonschema.Draft4Validator
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator.iter_errors(sarif(any_report))]
    assert errors == []


# What GitHub code scanning requires beyond the schema


def test_meets_github_upload_rules(any_report):
    text = render(any_report)
    log = json.loads(text)
    assert log["$schema"] == SARIF_SCHEMA_URI
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run = log["runs"][0]
    assert "automationDetails" not in run
    assert isinstance(run["results"], list)
    assert "security-severity" not in text
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"]
    for rule in rules:
        assert rule["id"]
        assert rule["shortDescription"]["text"].strip()
        assert len(rule["shortDescription"]["text"]) <= 1024
        assert rule["fullDescription"]["text"].strip()
        assert rule["help"]["text"].strip()
        assert len(rule["properties"]["tags"]) <= 10
    assert len({rule["id"] for rule in rules}) == len(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"none", "note", "warning", "error"}
        assert result["message"]["text"].strip()
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        assert uri
        assert not uri.startswith(("/", "file:")), "paths are relative to the repository root"
        assert URI_REFERENCE.match(uri), uri
        region = physical["region"]
        assert region["startLine"] >= 1
        assert region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
        assert region["endColumn"] >= 1


def test_results_key_is_present_when_clean(clean_report):
    assert run_of(clean_report)["results"] == []


def test_written_as_utf8_without_bom_or_escapes(report):
    finding = make_finding("info-contact", Severity.WARN, "Le résumé manque.", PETSTORE, "/info",
                           Span(2, 1, 2, 5))
    text = render(replace(report, findings=(finding,)))
    assert not text.startswith("\ufeff")
    assert text.endswith("}\n")
    assert '"text": "Le résumé manque."' in text


def test_no_absolute_path_but_the_source_root(report):
    text = render(report)
    srcroot = SRCROOT.as_uri() + "/"
    assert text.count(str(SRCROOT)) == 1
    assert run_of(report)["originalUriBaseIds"] == {"%SRCROOT%": {"uri": srcroot}}


# Tool and rules


def test_driver_describes_apilint(report):
    driver = run_of(report)["tool"]["driver"]
    described = ("name", "fullName", "version", "semanticVersion", "informationUri")
    assert {key: driver[key] for key in described} == {
        "name": "apilint",
        "fullName": "apilint 0.1.0",
        "version": "0.1.0",
        "semanticVersion": "0.1.0",
        "informationUri": "https://github.com/apilint/apilint",
    }


def test_plugins_are_extensions(report):
    assert run_of(report)["tool"]["extensions"] == [{"name": "oas", "version": "0.1.0"}, {"name": "acme"}]


def test_every_rule_is_listed_even_when_it_did_not_fire(report):
    rules = run_of(report)["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in report.rules]
    assert "servers-defined" in {rule["id"] for rule in rules}


def test_rule_entry_is_built_from_the_rule_metadata(report):
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    source = next(rule for rule in report.rules if rule.id == "operation-id-unique")
    assert rules["operation-id-unique"] == {
        "id": "operation-id-unique",
        "name": "operation-id-unique",
        "shortDescription": {"text": source.summary},
        "fullDescription": {"text": source.description},
        "help": {"text": source.help_text(), "markdown": source.help_markdown()},
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "tags": ["operations", "standard:oas"],
            "precision": "very-high",
            "problem.severity": "error",
            "apilint/clause": "OpenAPI 3.1.0, 4.8.10.1",
            "apilint/plugin": "oas",
        },
    }


def test_help_uri_only_for_documented_rules(report):
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    assert rules["info-contact"]["helpUri"] == "https://example.com/rules/info-contact"
    assert [rule_id for rule_id, rule in rules.items() if "helpUri" in rule] == ["info-contact"]


def test_full_description_falls_back_to_the_summary(report):
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    assert rules["acme:tag-description"]["fullDescription"] == {"text": "Tags have a description."}


@pytest.mark.parametrize(
    ("severity", "level", "problem_severity"),
    [
        (Severity.ERROR, "error", "error"),
        (Severity.WARN, "warning", "warning"),
        (Severity.INFO, "note", "recommendation"),
        (Severity.HINT, "note", "recommendation"),
    ],
)
def test_severity_mapping(report, severity, level, problem_severity):
    run = run_of(report)
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    rule = next(rule for rule in report.rules if rule.severity is severity)
    assert rules[rule.id]["defaultConfiguration"] == {"level": level}
    assert rules[rule.id]["properties"]["problem.severity"] == problem_severity
    levels = [result["level"] for result, finding in zip(run["results"], report.findings, strict=True)
              if finding.severity is severity]
    assert levels and set(levels) == {level}


def test_a_finding_of_an_unlisted_rule_gets_a_rule_entry(report):
    stray = make_finding("ghost-rule", Severity.WARN, "Boo.", PETSTORE, "/info", Span(2, 1, 2, 5))
    run = run_of(replace(report, findings=(*report.findings, stray)))
    rules = run["tool"]["driver"]["rules"]
    result = run["results"][-1]
    assert result["ruleIndex"] == len(report.rules)
    entry = rules[result["ruleIndex"]]
    assert entry["id"] == "ghost-rule"
    assert entry["defaultConfiguration"] == {"level": "warning"}
    assert entry["shortDescription"]["text"] and entry["fullDescription"]["text"] and entry["help"]["text"]


# Results


def test_result_shape(report):
    finding = report.findings[0]
    assert run_of(report)["results"][0] == {
        "ruleId": "operation-id-unique",
        "ruleIndex": [rule.id for rule in report.rules].index("operation-id-unique"),
        "level": "error",
        "message": {"text": "operationId 'listOrders' is also used by GET /orders."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {
                        "uri": "specs/caf%C3%A9%20orders%20%232.yaml",
                        "uriBaseId": "%SRCROOT%",
                    },
                    "region": {"startLine": 14, "startColumn": 20, "endLine": 14, "endColumn": 30},
                },
                "logicalLocations": [{"fullyQualifiedName": "/paths/~1orders~1{id}/get/operationId"}],
            }
        ],
        "partialFingerprints": {"apilint/v1": finding.fingerprint},
        "properties": {
            "jsonPointer": "/paths/~1orders~1{id}/get/operationId",
            "apilint/clause": "OpenAPI 3.1.0, 4.8.10.1",
        },
    }


def test_root_pointer(report):
    result = next(result for result in run_of(report)["results"] if result["properties"]["jsonPointer"] == "")
    assert result["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "/"}]


@pytest.mark.parametrize(
    ("message", "text"),
    [
        ("The info object has no contact", "The info object has no contact."),
        ("Tag 'orders' has no description.", "Tag 'orders' has no description."),
        ("Is '/petOwners' meant to be '/pet-owners'?", "Is '/petOwners' meant to be '/pet-owners'?"),
        ("Never do that!", "Never do that!"),
        ("Trailing space ", "Trailing space."),
    ],
)
def test_message_ends_with_a_full_stop(report, message, text):
    finding = make_finding("info-contact", Severity.WARN, message, PETSTORE, "/info", Span(2, 1, 2, 5))
    assert run_of(replace(report, findings=(finding,)))["results"][0]["message"] == {"text": text}


# URIs


@pytest.mark.parametrize(
    ("reference", "encoded"),
    [
        ("specs/api.yaml", "specs/api.yaml"),
        ("my specs/api v2.yaml", "my%20specs/api%20v2.yaml"),
        ("specs/#1.yaml", "specs/%231.yaml"),
        ("specs/100%.yaml", "specs/100%25.yaml"),
        ("specs/100%zz.yaml", "specs/100%25zz.yaml"),
        ("spécs/日本.yaml", "sp%C3%A9cs/%E6%97%A5%E6%9C%AC.yaml"),
        ("what?.yaml", "what%3F.yaml"),
        ("back\\slash.yaml", "back%5Cslash.yaml"),
        # Already encoded, as paths cut out of a file:// URI are: left alone.
        ("caf%C3%A9%20orders.yaml", "caf%C3%A9%20orders.yaml"),
        ("file:///elsewhere/a%20b.yaml", "file:///elsewhere/a%20b.yaml"),
    ],
)
def test_encode_uri_reference(reference, encoded):
    assert encode_uri_reference(reference) == encoded
    assert URI_REFERENCE.match(encoded)


def artifact_location(report: LintReport, uri: str) -> dict[str, Any]:
    finding = Finding(rule_id="info-contact", severity=Severity.WARN, message="m", path="x", uri=uri,
                      pointer="", span=Span(1, 1, 1, 1))
    location: dict[str, Any] = run_of(replace(report, findings=(finding,)))["results"][0]["locations"][0]
    return dict(location["physicalLocation"]["artifactLocation"])


def test_uri_is_relative_to_the_source_root(report):
    uri = (SRCROOT / "specs" / "a b é#.yaml").as_uri()
    assert artifact_location(report, uri) == {"uri": "specs/a%20b%20%C3%A9%23.yaml", "uriBaseId": "%SRCROOT%"}


def test_first_segment_with_a_colon_is_not_read_as_a_scheme(report):
    uri = SRCROOT.as_uri() + "/c:specs/api.yaml"
    assert artifact_location(report, uri) == {"uri": "./c:specs/api.yaml", "uriBaseId": "%SRCROOT%"}


def test_file_outside_the_source_root_keeps_its_absolute_uri(report):
    assert artifact_location(report, "file:///elsewhere/api.yaml") == {"uri": "file:///elsewhere/api.yaml"}


# Tool errors


def test_tool_errors_become_notifications(report, failing_report):
    assert run_of(report)["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert run_of(failing_report)["invocations"] == [
        {
            "executionSuccessful": False,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": "rule raised KeyError: 'paths'."},
                    "associatedRule": {
                        "id": "path-kebab-case",
                        "index": [rule.id for rule in report.rules].index("path-kebab-case"),
                    },
                    "properties": {"apilint/plugin": "acme", "apilint/file": "specs/petstore.yaml"},
                }
            ],
        }
    ]


def test_tool_error_without_a_rule(report):
    failing = replace(report, tool_errors=(ToolError(message="plugin failed to load"),))
    notifications = run_of(failing)["invocations"][0]["toolExecutionNotifications"]
    assert notifications == [{"level": "error", "message": {"text": "plugin failed to load."}}]
