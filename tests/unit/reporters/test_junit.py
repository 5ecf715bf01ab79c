from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import replace

import pytest

from apilint.findings import ToolError
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.junit import JunitReporter

from .conftest import ORDERS, PETSTORE, make_finding

CLEAN_FILE = "specs/clean.yaml"


def render(report: LintReport) -> str:
    return JunitReporter().render(report)


def parsed(report: LintReport) -> ElementTree.Element:
    return ElementTree.fromstring(render(report).encode("utf-8"))


@pytest.fixture
def linted(report: LintReport) -> LintReport:
    """The report of a run of two documents, one of which pulls in the file with the error through $ref."""
    return replace(report, documents=(PETSTORE, CLEAN_FILE))


def test_matches_golden(linted, golden):
    golden("junit.xml", render(linted))


def test_baseline_matches_golden(linted, baseline_report, golden):
    golden("junit-baseline.xml", render(replace(baseline_report, documents=linted.documents)))


def test_failing_matches_golden(linted, failing_report, golden):
    golden("junit-failing.xml", render(replace(failing_report, documents=linted.documents)))


def test_declaration_and_no_times(linted):
    text = render(linted)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="apilint" ')
    assert text.endswith("</testsuites>\n")
    assert "time" not in text


def test_a_suite_per_file_and_a_case_per_rule(linted):
    root = parsed(linted)
    rule_ids = sorted(rule.id for rule in linted.rules)
    suites = root.findall("testsuite")
    # The documents linted and the file a finding is in, sorted.
    assert [suite.get("name") for suite in suites] == [ORDERS, CLEAN_FILE, PETSTORE]
    for suite in suites:
        assert [case.get("name") for case in suite.findall("testcase")] == rule_ids
        assert {case.get("classname") for case in suite.findall("testcase")} == {suite.get("name")}


def test_counts_match_the_cases(linted):
    root = parsed(linted)
    failed_pairs = {(finding.path, finding.rule_id) for finding in linted.findings}
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(3 * len(linted.rules)), str(len(failed_pairs)), "0")
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert suite.get("tests") == str(len(cases))
        assert suite.get("failures") == str(sum(case.find("failure") is not None for case in cases))
        assert suite.get("errors") == "0"


def test_a_failure_lists_each_finding_of_its_rule(linted):
    root = parsed(linted)
    [case] = [case for case in root.iter("testcase")
              if case.get("classname") == PETSTORE and case.get("name") == "info-contact"]
    failure = case.find("failure")
    assert failure is not None
    assert failure.attrib == {"type": "warn", "message": "2 problems (0 errors, 2 warnings)"}
    assert failure.text == "1:1 warn The info object has no contact email\n2:1 warn The info object has no contact"


def test_a_single_finding_is_the_failure_message_with_its_clause(linted):
    [failure] = [case.find("failure") for case in parsed(linted).iter("testcase")
                 if case.get("name") == "operation-id-unique" and case.find("failure") is not None]
    assert failure is not None
    assert failure.get("type") == "error"
    assert failure.get("message") == "operationId 'listOrders' is also used by GET /orders [OpenAPI 3.1.0, 4.8.10.1]"


def test_the_type_of_a_failure_is_its_most_serious_finding(linted):
    findings = (make_finding("info-contact", Severity.INFO, "a", PETSTORE, "/a", Span(1, 1, 1, 2)),
                make_finding("info-contact", Severity.ERROR, "b", PETSTORE, "/b", Span(2, 1, 2, 2)))
    failures = [failure for failure in parsed(replace(linted, findings=findings)).iter("failure")]
    assert [failure.get("type") for failure in failures] == ["error"]


def test_markup_and_control_characters_in_a_message_survive_parsing(linted):
    message = "a ]]> b & c <d> \x07 \x1b[2J \ufffe"
    finding = make_finding("info-contact", Severity.WARN, message, PETSTORE, "", Span(1, 1, 1, 2))
    [failure] = parsed(replace(linted, findings=(finding,))).iter("failure")
    assert failure.get("message") == "a ]]> b & c <d> \\x07 \\x1b[2J \\ufffe"
    assert failure.text == "1:1 warn a ]]> b & c <d> \\x07 \\x1b[2J \\ufffe"


def test_a_rule_that_the_report_does_not_list_still_gets_its_case(linted):
    finding = make_finding("retired-rule", Severity.WARN, "m", PETSTORE, "", Span(1, 1, 1, 2))
    suites = parsed(replace(linted, findings=(finding,))).findall("testsuite")
    assert [suite.get("name") for suite in suites] == [CLEAN_FILE, PETSTORE]
    assert "retired-rule" in [case.get("name") for case in suites[1].findall("testcase")]
    assert "retired-rule" not in [case.get("name") for case in suites[0].findall("testcase")]


def test_tool_errors_are_an_error_in_an_apilint_case(linted):
    errors = (ToolError("rule raised KeyError: 'paths'"), ToolError("plugin acme failed\nto load"))
    root = parsed(replace(linted, tool_errors=errors))
    suite = root.findall("testsuite")[-1]
    assert (suite.get("name"), suite.get("tests"), suite.get("errors")) == ("apilint", "1", "1")
    [case] = suite.findall("testcase")
    assert (case.get("classname"), case.get("name")) == ("apilint", "apilint")
    error = case.find("error")
    assert error is not None
    assert error.get("message") == "2 tool errors; the run is incomplete"
    assert error.text == "rule raised KeyError: 'paths'\nplugin acme failed to load"
    assert root.get("errors") == "1"
    assert root.get("tests") == str(3 * len(linted.rules) + 1)


def test_with_a_baseline_only_new_findings_fail(linted, baseline_report):
    root = parsed(replace(baseline_report, documents=linted.documents))
    failed = [(case.get("classname"), case.get("name")) for case in root.iter("testcase")
              if case.find("failure") is not None]
    assert failed == [(ORDERS, "operation-id-unique"), (PETSTORE, "info-contact")]


def test_a_clean_run_passes_every_case(linted, clean_report):
    root = parsed(replace(clean_report, documents=linted.documents))
    assert root.get("failures") == "0"
    assert [suite.get("name") for suite in root.findall("testsuite")] == [CLEAN_FILE, PETSTORE]
