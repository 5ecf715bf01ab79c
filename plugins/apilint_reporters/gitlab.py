"""The ``gitlab`` format: a GitLab Code Quality report, which GitLab shows in merge requests.

The report is a JSON array of issues in the subset of the Code Climate issue format that GitLab
reads, one per finding in the report's order::

    [
      {
        "description": "operationId 'listOrders' is also used by GET /orders",
        "check_name": "operation-id-unique",
        "fingerprint": "4f1c…",
        "severity": "critical",
        "location": {"path": "specs/api.yaml", "lines": {"begin": 14, "end": 14}}
      }
    ]

``path`` is relative to the source root (the repository root in a git checkout), as GitLab
expects. Severities follow Spectral's Code Climate formatter, so a team moving from Spectral sees
the same ones: error is ``critical``, warn ``major``, info ``minor``, hint ``info``; ``blocker``
is not used. GitLab tells new issues from fixed ones by ``fingerprint`` and shows only one issue
per fingerprint, so each is the finding's own (stable across runs) and a finding that shares it
with an earlier one gets ``-2``, ``-3``... appended. The description is the message on one line,
with the clause of a standard the rule encodes.

GitLab compares the report with the target branch's by itself, so reports for it are best written
without a baseline; with one, only new findings are listed. The format has no place for failures
of apilint or a plugin: they are on standard error and in the exit code.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint_reporters.listing import listed_findings
from apilint_reporters.messages import message_line

__all__ = ["GitlabReporter"]

_SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARN: "major",
    Severity.INFO: "minor",
    Severity.HINT: "info",
}


class GitlabReporter:
    """The report as a GitLab Code Quality (Code Climate) JSON array."""

    name = "gitlab"
    description = "A GitLab Code Quality report (Code Climate JSON), for merge requests."

    def render(self, report: LintReport) -> str:
        occurrences: Counter[str] = Counter()
        issues = []
        for finding in listed_findings(report):
            occurrences[finding.fingerprint] += 1
            issues.append(_issue(report, finding, occurrences[finding.fingerprint]))
        return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(report: LintReport, finding: Finding, occurrence: int) -> dict[str, Any]:
    # Fingerprints are hexadecimal, so a suffixed one never equals another finding's own.
    fingerprint = finding.fingerprint if occurrence == 1 else f"{finding.fingerprint}-{occurrence}"
    begin = max(1, finding.span.start_line)
    lines = {"begin": begin, "end": max(begin, finding.span.end_line)}
    return {
        "description": message_line(finding),
        "check_name": finding.rule_id,
        "fingerprint": fingerprint,
        "severity": _SEVERITIES[finding.severity],
        "location": {"path": report.repo_file(finding) or finding.path, "lines": lines},
    }
