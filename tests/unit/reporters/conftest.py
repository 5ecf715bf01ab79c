"""Hand-built reports shared by the format tests, and golden-file comparison.

Golden files live in ``golden/`` next to this file. After an intended change to a format,
regenerate them with ``APILINT_UPDATE_GOLDEN=1`` set in the environment and review the
diff before keeping it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest

from apilint.baseline import Baseline, BaselineEntry, compare_with_baseline
from apilint.findings import Finding, ToolError, fingerprint
from apilint.reporting import LintReport, PluginInfo
from apilint.rules import Rule
from apilint.severity import Severity
from apilint.sourcemap import Span

GOLDEN = Path(__file__).parent / "golden"
SRCROOT = PurePosixPath("/work/repo")
PETSTORE = "specs/petstore.yaml"
# A space, a '#' and a non-ASCII letter: each must be percent-encoded in SARIF.
ORDERS = "specs/café orders #2.yaml"

RULES = (
    Rule(
        id="info-contact",
        severity=Severity.WARN,
        summary="The API names a contact.",
        description="Consumers need someone to ask when the API misbehaves.",
        good_example="info:\n  contact:\n    email: api@example.com",
        documentation_url="https://example.com/rules/info-contact",
        tags=("documentation",),
        source="oas",
    ),
    Rule(
        id="operation-id-unique",
        severity=Severity.ERROR,
        summary="Every operationId is unique.",
        description="Generated clients name methods after operationId, so duplicates collide.",
        clause="OpenAPI 3.1.0, 4.8.10.1",
        tags=("operations", "standard:oas"),
        source="oas",
    ),
    Rule(
        id="path-kebab-case",
        severity=Severity.INFO,
        summary="Path segments are kebab-case.",
        description="One casing across paths makes URLs predictable.",
        bad_example="/petOwners",
        good_example="/pet-owners",
        precision="high",
        source="acme",
    ),
    Rule(
        id="acme:tag-description",
        severity=Severity.HINT,
        summary="Tags have a description.",
        description="",
        precision="medium",
        source="acme",
    ),
    Rule(
        id="servers-defined",
        severity=Severity.ERROR,
        summary="The document lists its servers.",
        description="Without servers, tools cannot tell where the API is served.",
        source="oas",
    ),
)


def make_finding(rule_id: str, severity: Severity, message: str, path: str, pointer: str, span: Span,
                 clause: str | None = None) -> Finding:
    return Finding(
        rule_id=rule_id,
        severity=severity,
        message=message,
        path=path,
        uri=(SRCROOT / path).as_uri(),
        pointer=pointer,
        span=span,
        clause=clause,
        fingerprint=fingerprint(rule_id, path, pointer, message),
    )


FINDINGS = (
    make_finding("operation-id-unique", Severity.ERROR,
                 "operationId 'listOrders' is also used by GET /orders",
                 ORDERS, "/paths/~1orders~1{id}/get/operationId", Span(14, 20, 14, 30),
                 clause="OpenAPI 3.1.0, 4.8.10.1"),
    make_finding("acme:tag-description", Severity.HINT, "Tag 'orders' has no description.",
                 ORDERS, "/tags/0", Span(30, 5, 31, 1)),
    make_finding("info-contact", Severity.WARN, "The info object has no contact", PETSTORE,
                 "/info", Span(2, 1, 4, 16)),
    make_finding("path-kebab-case", Severity.INFO, "Is '/petOwners' meant to be '/pet-owners'?",
                 PETSTORE, "/paths/~1petOwners", Span(9, 3, 9, 14)),
    make_finding("info-contact", Severity.WARN, "The info object has no contact email", PETSTORE,
                 "", Span(1, 1, 1, 1)),
)

PLUGINS = (PluginInfo("oas", "apilint", "0.1.0"), PluginInfo("acme", "apilint-acme"))


@pytest.fixture
def report() -> LintReport:
    """Two files, every severity, a clause, a path needing encoding, no tool errors."""
    return LintReport(
        findings=tuple(sorted(FINDINGS, key=lambda finding: finding.sort_key)),
        rules=tuple(sorted(RULES, key=lambda rule: rule.id)),
        tool_name="apilint",
        tool_version="0.1.0",
        information_uri="https://github.com/apilint/apilint",
        files_linted=2,
        srcroot_uri=SRCROOT.as_uri() + "/",
        plugins=PLUGINS,
    )


@pytest.fixture
def failing_report(report: LintReport) -> LintReport:
    """The same run, in which one rule also crashed."""
    crash = ToolError(message="rule raised KeyError: 'paths'", plugin="acme", rule_id="path-kebab-case",
                      path=PETSTORE)
    return replace(report, tool_errors=(crash,))


@pytest.fixture
def clean_report(report: LintReport) -> LintReport:
    return replace(report, findings=())


def make_entry(rule_id: str, path: str, pointer: str, message: str) -> BaselineEntry:
    return BaselineEntry(rule_id, path, pointer, message, fingerprint(rule_id, path, pointer, message))


def entry_of(finding: Finding) -> BaselineEntry:
    return make_entry(finding.rule_id, finding.path, finding.pointer, finding.message)


# Recorded in the baseline but not found by the run: one of a rule that still runs, at the
# root, and one of a rule that no longer exists, in the file whose name needs encoding.
GONE = (
    make_entry("servers-defined", PETSTORE, "", "The document lists no servers"),
    make_entry("retired-rule", ORDERS, "/paths/~1orders/get", "Operation has no summary"),
)


@pytest.fixture
def baseline_report(report: LintReport) -> LintReport:
    """The same run compared with a baseline: the error and the root warning are new, the
    hint, the other warning and the info were recorded, and two recorded findings are gone."""
    recorded = (*(entry_of(finding) for finding in report.findings
                  if finding.severity in (Severity.HINT, Severity.INFO) or finding.pointer == "/info"), *GONE)
    return replace(report, baseline=compare_with_baseline(Baseline(recorded), report.findings))


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare output with ``golden/NAME``, or rewrite the file when APILINT_UPDATE_GOLDEN=1."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("APILINT_UPDATE_GOLDEN") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
        assert path.exists(), f"{path} is missing; run the tests with APILINT_UPDATE_GOLDEN=1 to create it"
        assert actual == path.read_bytes().decode("utf-8")

    return check
