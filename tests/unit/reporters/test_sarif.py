from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from apilint.baseline import Baseline, compare_with_baseline
from apilint.findings import Finding, ToolError
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.sarif import SARIF_SCHEMA_URI, SarifReporter, encode_uri_reference

from .conftest import GONE, ORDERS, PETSTORE, SRCROOT, make_entry, make_finding

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


@pytest.fixture(params=["report", "failing_report", "clean_report", "baseline_report"])
def any_report(request) -> LintReport:
    variant: LintReport = request.getfixturevalue(request.param)
    return variant


# Golden files


def test_matches_golden(failing_report, golden):
    golden("report.sarif", render(failing_report))


def test_baseline_matches_golden(baseline_report, golden):
    golden("report-baseline.sarif", render(baseline_report))


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
        # GitHub requires a region with a start line; the rest is optional, but must be valid when given.
        region = physical["region"]
        assert region["startLine"] >= 1
        assert region.get("startColumn", 1) >= 1
        assert region.get("endLine", region["startLine"]) >= region["startLine"]
        assert region.get("endColumn", 1) >= 1
        if result.get("baselineState") != "absent":
            assert set(region) == {"startLine", "startColumn", "endLine", "endColumn"}


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


# Baselines


def test_without_a_baseline_no_result_has_a_baseline_state(report):
    assert "baselineState" not in render(report)


def test_with_a_baseline_every_finding_has_its_state_and_gone_entries_follow(baseline_report):
    results = run_of(baseline_report)["results"]
    assert [(result["ruleId"], result["baselineState"]) for result in results] == [
        ("operation-id-unique", "new"),
        ("acme:tag-description", "unchanged"),
        ("info-contact", "new"),
        ("info-contact", "unchanged"),
        ("path-kebab-case", "unchanged"),
        ("retired-rule", "absent"),
        ("servers-defined", "absent"),
    ]
    for result, finding in zip(results, baseline_report.findings, strict=False):
        assert result["partialFingerprints"] == {"apilint/v1": finding.fingerprint}
        assert "kind" not in result


def test_absent_result_shape(baseline_report):
    run = run_of(baseline_report)
    rules = run["tool"]["driver"]["rules"]
    servers = run["results"][-1]
    assert servers == {
        "ruleId": "servers-defined",
        "ruleIndex": [rule.id for rule in baseline_report.rules].index("servers-defined"),
        "kind": "pass",
        "level": "none",
        "message": {"text": "The document lists no servers."},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": "specs/petstore.yaml", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 1},
                },
                "logicalLocations": [{"fullyQualifiedName": "/"}],
            }
        ],
        "partialFingerprints": {"apilint/v1": GONE[0].fingerprint},
        "baselineState": "absent",
        "properties": {"jsonPointer": ""},
    }
    retired = run["results"][-2]
    assert retired["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "specs/caf%C3%A9%20orders%20%232.yaml", "uriBaseId": "%SRCROOT%"}
    assert retired["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "/paths/~1orders/get"}]
    assert rules[retired["ruleIndex"]]["id"] == "retired-rule"


def test_a_gone_rule_that_no_longer_runs_gets_a_rule_entry_without_a_level(baseline_report):
    rules = run_of(baseline_report)["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [*(rule.id for rule in baseline_report.rules), "retired-rule"]
    retired = rules[-1]
    assert retired["defaultConfiguration"] == {"level": "none"}
    assert retired["properties"] == {"tags": []}
    assert retired["shortDescription"]["text"] and retired["fullDescription"]["text"] and retired["help"]["text"]


@pytest.mark.parametrize(("path", "location"), [
    ("file:///elsewhere/api.yaml", {"uri": "file:///elsewhere/api.yaml"}),
    ("https://example.com/specs/common.yaml", {"uri": "https://example.com/specs/common.yaml"}),
    ("stdin:", {"uri": "stdin:"}),
    ("c:specs/api.yaml", {"uri": "./c:specs/api.yaml", "uriBaseId": "%SRCROOT%"}),
    ("specs/a b.yaml", {"uri": "specs/a%20b.yaml", "uriBaseId": "%SRCROOT%"}),
])
def test_absent_entry_location_follows_the_recorded_path(report, path, location):
    gone = make_entry("info-contact", path, "/info", "m")
    run = run_of(replace(report, findings=(), baseline=compare_with_baseline(Baseline((gone,)), ())))
    [result] = run["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == location


def test_an_absent_entry_keeps_the_location_a_finding_had(report):
    # The same file seen as a finding and as a gone entry is the same artifact to a viewer.
    finding = make_finding("info-contact", Severity.WARN, "m", ORDERS, "/info", Span(2, 1, 2, 5))
    gone = make_entry("info-contact", ORDERS, "/other", "m")
    comparison = compare_with_baseline(Baseline((gone,)), (finding,))
    found, absent = run_of(replace(report, findings=(finding,), baseline=comparison))["results"]
    assert (found["locations"][0]["physicalLocation"]["artifactLocation"]
            == absent["locations"][0]["physicalLocation"]["artifactLocation"])


def test_suppressed_results_claim_no_baseline_state(baseline_report):
    hidden = make_finding("info-contact", Severity.WARN, "Hidden", PETSTORE, "/x", Span(40, 1, 40, 2))
    results = run_of(replace(baseline_report, suppressed=((hidden, "legacy"),), show_suppressed=True))["results"]
    [suppressed] = [result for result in results if "suppressions" in result]
    assert "baselineState" not in suppressed
    assert [result["baselineState"] for result in results if "suppressions" not in result] == [
        "new", "unchanged", "new", "unchanged", "unchanged", "absent", "absent"]
