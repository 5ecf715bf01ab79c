"""The ``sarif`` format: SARIF 2.1.0, shaped for GitHub code scanning and other SARIF viewers.

Beyond the schema, GitHub rejects or mangles uploads that break a few more rules, which
this module keeps: exactly one run, a ``results`` array even when empty, a physical
location with a 1-based region on every result, and rule entries whose descriptions and
help are never empty. It never sets ``security-severity``, which would turn style rules
into security alerts, nor ``automationDetails``, which the upload action fills in from
its ``category`` only when absent.

With a baseline, every reported finding's result carries ``baselineState`` (``new`` or
``unchanged``), and each baseline entry that no finding matched becomes a result with
``baselineState: absent``. GitHub code scanning reads neither ``baselineState`` nor
``kind``: it tracks alerts across uploads itself and turns every result into an alert, so
logs meant for it are best written without a baseline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from apilint.findings import Finding, ToolError
from apilint.reporting import LintReport, PluginInfo
from apilint.rules import Rule
from apilint.severity import Severity

if TYPE_CHECKING:
    from apilint.baseline import BaselineEntry

__all__ = ["SARIF_SCHEMA_URI", "SARIF_VERSION", "SarifReporter", "encode_uri_reference"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"

_SRCROOT = "%SRCROOT%"
_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARN: "warning",
    Severity.INFO: "note",
    Severity.HINT: "note",
}
# GitHub's vocabulary for non-security rules; it sorts and labels alerts by it.
_PROBLEM_SEVERITIES = {
    Severity.ERROR: "error",
    Severity.WARN: "warning",
    Severity.INFO: "recommendation",
    Severity.HINT: "recommendation",
}
# RFC 3986 unreserved and sub-delims characters, plus ':', '@' and the path separator.
_URI_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/")
_HEX = frozenset("0123456789ABCDEFabcdef")
# What LintReport.repo_path gives for a file outside the source root: an absolute URI, or
# "stdin:" for standard input. A path below the root has neither shape, even one whose first
# segment is "c:", as it never has an empty segment.
_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?://|$)")


class SarifReporter:
    """The report as a SARIF 2.1.0 log with one run."""

    name = "sarif"
    description = "SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."

    def render(self, report: LintReport) -> str:
        return json.dumps(_log(report), indent=2, ensure_ascii=False) + "\n"


def encode_uri_reference(reference: str) -> str:
    """``reference`` with every character an RFC 3986 URI-reference cannot hold percent-encoded.

    Escapes already present are kept, so a value that is already a valid reference (such
    as a path cut out of a ``file://`` URI) comes back unchanged. ``#`` and ``?`` are
    encoded because in a file path they are part of a name, not a fragment or a query.
    """
    encoded: list[str] = []
    for position, character in enumerate(reference):
        kept_escape = character == "%" and _is_escape(reference[position + 1 : position + 3])
        if character in _URI_SAFE or kept_escape:
            encoded.append(character)
        else:
            encoded.extend(f"%{byte:02X}" for byte in character.encode("utf-8"))
    return "".join(encoded)


def _is_escape(digits: str) -> bool:
    return len(digits) == 2 and all(digit in _HEX for digit in digits)


def _log(report: LintReport) -> dict[str, Any]:
    rules = _RuleTable(report.rules)
    results = [_result(report, finding, rules) for finding in report.findings]
    if report.show_suppressed:
        # GitHub code scanning does not honour "suppressions", so they are only included when asked for.
        # Suppressed findings are not compared with the baseline, so they claim no baseline state.
        results += [{**_result(report, finding, rules, suppressed=True),
                     "suppressions": [{"kind": "inSource", "justification": reason}]}
                    for finding, reason in report.suppressed]
    if report.baseline is not None:
        results += [_absent_result(entry, rules) for entry in report.baseline.absent]
    run: dict[str, Any] = {
        "tool": {
            "driver": _driver(report, rules.descriptors),
            "extensions": [_extension(plugin) for plugin in report.plugins],
        },
        "invocations": [_invocation(report.tool_errors, rules)],
    }
    if report.srcroot_uri:
        run["originalUriBaseIds"] = {_SRCROOT: {"uri": report.srcroot_uri}}
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = results
    return {"$schema": SARIF_SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}


def _driver(report: LintReport, descriptors: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {
        "name": report.tool_name,
        "fullName": f"{report.tool_name} {report.tool_version}".strip(),
    }
    # Empty strings are left out rather than emitted: GitHub refuses them where it reads a value.
    if report.tool_version:
        driver["version"] = report.tool_version
        driver["semanticVersion"] = report.tool_version
    if report.information_uri:
        driver["informationUri"] = report.information_uri
    driver["rules"] = descriptors
    return driver


def _extension(plugin: PluginInfo) -> dict[str, Any]:
    extension: dict[str, Any] = {"name": plugin.name}
    if plugin.version:
        extension["version"] = plugin.version
    return extension


class _RuleTable:
    """``driver.rules`` and the index of each rule id in it, which results point at."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.descriptors: list[dict[str, Any]] = []
        self._indexes: dict[str, int] = {}
        for rule in rules:
            if rule.id not in self._indexes:
                self._add(rule.id, _rule_descriptor(rule))

    def index(self, rule_id: str) -> int | None:
        return self._indexes.get(rule_id)

    def index_for(self, finding: Finding) -> int:
        """The index of the finding's rule, adding a stand-in entry for a rule the report does not list.

        A result whose ``ruleIndex`` points nowhere, or at another rule, makes GitHub
        reject the upload, so an unlisted rule still gets an entry of its own.
        """
        known = self._indexes.get(finding.rule_id)
        if known is not None:
            return known
        return self._add(finding.rule_id, _stand_in_descriptor(finding.rule_id, finding.severity, finding.clause))

    def index_for_absent(self, entry: BaselineEntry) -> int:
        """The index of a gone baseline entry's rule, which may no longer run at all."""
        known = self._indexes.get(entry.rule_id)
        if known is not None:
            return known
        return self._add(entry.rule_id, _stand_in_descriptor(entry.rule_id, None, None))

    def _add(self, rule_id: str, descriptor: dict[str, Any]) -> int:
        self._indexes[rule_id] = len(self.descriptors)
        self.descriptors.append(descriptor)
        return self._indexes[rule_id]


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.description.strip() or rule.summary},
        "help": {"text": rule.help_text(), "markdown": rule.help_markdown()},
    }
    if rule.documentation_url:
        descriptor["helpUri"] = rule.documentation_url
    descriptor["defaultConfiguration"] = {"level": _LEVELS[rule.severity]}
    properties: dict[str, Any] = {
        "tags": list(rule.tags),
        "precision": rule.precision,
        "problem.severity": _PROBLEM_SEVERITIES[rule.severity],
    }
    if rule.clause:
        properties["apilint/clause"] = rule.clause
    if rule.source:
        properties["apilint/plugin"] = rule.source
    descriptor["properties"] = properties
    return descriptor


def _stand_in_descriptor(rule_id: str, severity: Severity | None, clause: str | None) -> dict[str, Any]:
    """A rule entry for a rule the report does not list; ``severity`` is None when nothing says it.

    Only gone baseline entries lack a severity (the baseline does not record one), and their
    results claim no level either.
    """
    summary = f"Problems reported under the rule id {rule_id}."
    properties: dict[str, Any] = {"tags": []}
    if severity is not None:
        properties["problem.severity"] = _PROBLEM_SEVERITIES[severity]
    if clause:
        properties["apilint/clause"] = clause
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": f"No documentation was registered for {rule_id}.\n"},
        "defaultConfiguration": {"level": _LEVELS[severity] if severity is not None else "none"},
        "properties": properties,
    }


def _result(report: LintReport, finding: Finding, rules: _RuleTable, suppressed: bool = False) -> dict[str, Any]:
    span = finding.span
    location = _artifact_location(report, finding)
    # SARIF positions start at 1 and GitHub rejects the whole file for one that does not.
    start_line, start_column = max(1, span.start_line), max(1, span.start_column)
    region = {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": max(start_line, span.end_line),
        "endColumn": max(1, span.end_column),
    }
    properties: dict[str, Any] = {"jsonPointer": finding.pointer}
    if finding.clause:
        properties["apilint/clause"] = finding.clause
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rules.index_for(finding),
        "level": _LEVELS[finding.severity],
        "message": {"text": _sentence(finding.message, finding.rule_id)},
        "locations": [_location(location, region, finding.pointer)],
        "partialFingerprints": {"apilint/v1": finding.fingerprint},
    }
    if report.baseline is not None and not suppressed:
        result["baselineState"] = report.baseline.state(finding)
    result["properties"] = properties
    return result


def _absent_result(entry: BaselineEntry, rules: _RuleTable) -> dict[str, Any]:
    """A baseline entry that no finding matched: the problem it recorded is gone."""
    # The baseline records no position, and the node may no longer exist. GitHub rejects a
    # result without a region start line, so the region is the file's first line, the one
    # place every file has; the logical location names the node exactly.
    region = {"startLine": 1}
    return {
        "ruleId": entry.rule_id,
        "ruleIndex": rules.index_for_absent(entry),
        # "pass" is SARIF for "the rule found nothing here", which is what "gone" means, and
        # a result that is not a failure must have the level "none".
        "kind": "pass",
        "level": "none",
        "message": {"text": _sentence(entry.message, entry.rule_id)},
        "locations": [_location(_path_location(entry.path), region, entry.pointer)],
        "partialFingerprints": {"apilint/v1": entry.fingerprint},
        "baselineState": "absent",
        "properties": {"jsonPointer": entry.pointer},
    }


def _location(artifact: dict[str, Any], region: dict[str, Any], pointer: str) -> dict[str, Any]:
    return {
        "physicalLocation": {"artifactLocation": artifact, "region": region},
        # A JSON Pointer names a node whatever its type, so no ``kind`` is claimed for it.
        "logicalLocations": [{"fullyQualifiedName": pointer or "/"}],
    }


def _artifact_location(report: LintReport, finding: Finding) -> dict[str, Any]:
    path = report.repo_path(finding)
    if path == finding.uri:
        # Outside the source root: the absolute URI is the only honest answer, and SARIF
        # forbids a base id on an absolute URI.
        return {"uri": encode_uri_reference(path)}
    return _relative_location(path)


def _path_location(path: str) -> dict[str, Any]:
    """The artifact location of a file known only by its path as a baseline records it (relative to the
    source root, as ``LintReport.repo_file`` gives it, or an absolute URI)."""
    if _ABSOLUTE_URI.match(path):
        return {"uri": encode_uri_reference(path)}
    return _relative_location(path)


def _relative_location(path: str) -> dict[str, Any]:
    reference = encode_uri_reference(path)
    # Without the prefix, a first segment such as "c:" would read as a URI scheme.
    if ":" in reference.split("/", 1)[0]:
        reference = "./" + reference
    return {"uri": reference, "uriBaseId": _SRCROOT}


def _sentence(text: str, fallback_subject: str) -> str:
    """``text`` ending with a full stop; GitHub titles alerts with the first sentence of the message."""
    text = text.strip() or f"{fallback_subject} reported a problem"
    return text if text.endswith((".", "!", "?")) else text + "."


def _invocation(tool_errors: Sequence[ToolError], rules: _RuleTable) -> dict[str, Any]:
    return {
        "executionSuccessful": not tool_errors,
        "toolExecutionNotifications": [_notification(error, rules) for error in tool_errors],
    }


def _notification(error: ToolError, rules: _RuleTable) -> dict[str, Any]:
    message = _sentence(error.message, "apilint")
    notification: dict[str, Any] = {"level": "error", "message": {"text": message}}
    if error.rule_id:
        # ``descriptor`` would name a notification kind; the rule that failed is ``associatedRule``.
        rule_reference: dict[str, Any] = {"id": error.rule_id}
        index = rules.index(error.rule_id)
        if index is not None:
            rule_reference["index"] = index
        notification["associatedRule"] = rule_reference
    properties = {"apilint/plugin": error.plugin, "apilint/file": error.path}
    if any(properties.values()):
        notification["properties"] = {key: value for key, value in properties.items() if value}
    return notification
