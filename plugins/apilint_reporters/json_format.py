"""The ``json`` format: the whole report as one JSON document, for scripts.

The shape is versioned by ``version``; it only changes incompatibly together with that
number. Version 1, with ``#`` notes that are not part of the output::

    {
      "version": 1,
      "tool": {"name": "apilint", "version": "0.1.0"},
      "findings": [
        {
          "rule": "operation-id-unique",   # rule id
          "severity": "error",             # error | warn | info | hint
          "message": "...",
          "file": "specs/api.yaml",        # as shown to people: relative to the working directory
          "pointer": "/paths/~1pets/get",  # JSON Pointer of the node ("" is the document root)
          "line": 12, "column": 5,         # 1-based; columns count Unicode code points
          "end_line": 12, "end_column": 8, # the column just after the node
          "fingerprint": "...",            # stable across runs for the same problem at the same node
          "clause": null,                  # the standard's clause the rule enforces, if any
          "baselineState": "new"           # only with a baseline: "new" or "unchanged"
        }
      ],
      "absent": [                          # only with a baseline: its entries no finding matched
        {"rule": "...", "path": "specs/api.yaml", "pointer": "...", "message": "...", "fingerprint": "..."}
      ],                                   # "path" is relative to the source root, as in the baseline
      "summary": {
        "problems": 1,                     # every finding, whatever its baseline state
        "by_severity": {"error": 1, "warn": 0, "info": 0, "hint": 0},
        "files_linted": 1,
        "suppressed": 0,                   # findings that suppressions in the documents silenced
        "baseline": {"new": 1, "unchanged": 0, "absent": 0}   # only with a baseline
      },
      "suppressed": [...],                 # only with --show-suppressed: findings as above, plus "reason"
      "errors": [                          # apilint or a plugin failed; the run is incomplete
        {"message": "...", "plugin": null, "rule": null, "file": null}
      ]
    }

Findings keep the report's order. Keys are written in the order above and every key is
always present (``suppressed`` only with --show-suppressed; ``baselineState``, ``absent`` and
``summary.baseline`` only with a baseline), so the output is byte-for-byte the same for the
same run. Suppressed findings are not compared with the baseline and have no ``baselineState``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

from apilint.findings import Finding, ToolError
from apilint.reporting import LintReport
from apilint.severity import Severity

if TYPE_CHECKING:
    from apilint.baseline import BaselineComparison, BaselineEntry

__all__ = ["FORMAT_VERSION", "JsonReporter"]

#: The version of the output shape described in this module's docstring.
FORMAT_VERSION = 1


class JsonReporter:
    """The report as a versioned JSON document."""

    name = "json"
    description = "The findings, a summary and any tool errors as one versioned JSON document."

    def render(self, report: LintReport) -> str:
        baseline = report.baseline
        document = {
            "version": FORMAT_VERSION,
            "tool": {"name": report.tool_name, "version": report.tool_version},
            "findings": [_finding(finding, baseline) for finding in report.findings],
            **({"absent": [_absent(entry) for entry in baseline.absent]} if baseline is not None else {}),
            "summary": _summary(report),
            **({"suppressed": [{**_finding(finding), "reason": reason} for finding, reason in report.suppressed]}
               if report.show_suppressed else {}),
            "errors": [_tool_error(error) for error in report.tool_errors],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding, baseline: BaselineComparison | None = None) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "rule": finding.rule_id,
        "severity": finding.severity.value,
        "message": finding.message,
        "file": finding.path,
        "pointer": finding.pointer,
        "line": finding.span.start_line,
        "column": finding.span.start_column,
        "end_line": finding.span.end_line,
        "end_column": finding.span.end_column,
        "fingerprint": finding.fingerprint,
        "clause": finding.clause,
    }
    if baseline is not None:
        fields["baselineState"] = baseline.state(finding)
    return fields


def _absent(entry: BaselineEntry) -> dict[str, Any]:
    return {
        "rule": entry.rule_id,
        "path": entry.path,
        "pointer": entry.pointer,
        "message": entry.message,
        "fingerprint": entry.fingerprint,
    }


def _summary(report: LintReport) -> dict[str, Any]:
    counts = Counter(finding.severity for finding in report.findings)
    summary: dict[str, Any] = {
        "problems": len(report.findings),
        "by_severity": {severity.value: counts[severity] for severity in Severity},
        "files_linted": report.files_linted,
        "suppressed": len(report.suppressed),
    }
    if report.baseline is not None:
        states = Counter(report.baseline.state(finding) for finding in report.findings)
        summary["baseline"] = {"new": states["new"], "unchanged": states["unchanged"],
                               "absent": len(report.baseline.absent)}
    return summary


def _tool_error(error: ToolError) -> dict[str, Any]:
    return {"message": error.message, "plugin": error.plugin, "rule": error.rule_id, "file": error.path}
