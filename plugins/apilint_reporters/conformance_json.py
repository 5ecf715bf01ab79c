"""Conformance reports as JSON, for scripts and dashboards.

Shape (version 1): ``standard`` (id, version, title, status, source), ``documents``, ``summary``
(per level: checked, met, not_checkable), ``mandatory_met`` and ``clauses`` (id, title, level,
url, checkable, outcome, rules, findings with rule, file, pointer, line, column and message).
"""

from __future__ import annotations

import json

from apilint.standards.conformance import ConformanceReport

__all__ = ["ConformanceJsonReporter"]


class ConformanceJsonReporter:
    name = "json"
    description = "The per-clause outcomes as JSON, for scripts and dashboards."

    def render(self, report: ConformanceReport) -> str:
        standard = report.standard
        document = {
            "version": 1,
            "tool": {"name": report.tool_name, "version": report.tool_version},
            "standard": {"id": standard.id, "version": standard.version, "title": standard.title,
                         "status": standard.status, "source": standard.source},
            "documents": list(report.documents),
            "mandatory_met": report.mandatory_met,
            "summary": [{"level": tally.level, "checked": tally.checked, "met": tally.met,
                         "not_checkable": tally.not_checkable} for tally in report.tallies],
            "clauses": [{
                "id": result.clause.id, "title": result.clause.title, "level": result.clause.level,
                "url": result.clause.url, "checkable": result.clause.checkable, "outcome": result.outcome,
                "rules": list(result.rules),
                "findings": [{"rule": finding.rule_id, "file": finding.path, "pointer": finding.pointer,
                              "line": finding.span.start_line, "column": finding.span.start_column,
                              "message": finding.message} for finding in result.findings],
            } for result in report.results],
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
