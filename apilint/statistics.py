"""``apilint lint --statistics``: how many findings each rule has, most first."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from apilint.findings import Finding
from apilint.rules import Rule
from apilint.severity import Severity

__all__ = ["render_statistics"]

# Summaries come from plugins and rulesets: one line each, whatever they hold.
_LINE_BREAKS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def render_statistics(findings: Iterable[Finding], rules: Mapping[str, Rule], files_linted: int) -> str:
    """One line per rule and severity: the count, the severity, the rule id and its summary; then the total.

    A rule whose findings have several severities (an override changed some) gets a line for each,
    so the counts say what fails a run. Lines are sorted by count, then severity, then rule id.
    """
    counts = Counter((finding.rule_id, finding.severity) for finding in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][1].rank, item[0][0]))
    count_width = max((len(str(count)) for _, count in rows), default=1)
    id_width = max((len(rule_id) for (rule_id, _), _ in rows), default=0)
    severity_width = max(len(severity.value) for severity in Severity)
    lines = []
    for (rule_id, severity), count in rows:
        rule = rules.get(rule_id)
        summary = _LINE_BREAKS.sub(" ", rule.summary).strip() if rule is not None else ""
        lines.append(f"{count:>{count_width}}  {severity.value:<{severity_width}}  {rule_id:<{id_width}}  "
                     f"{summary}".rstrip())
    total = sum(counts.values())
    by_severity: Counter[Severity] = Counter()
    for (_, severity), count in counts.items():
        by_severity[severity] += count
    problems = f"{total} problem{'s' * (total != 1)} (" + ", ".join(
        f"{by_severity[severity]} {severity.noun(by_severity[severity])}"
        for severity in Severity if by_severity[severity]) + ")"
    files = f"{files_linted} file{'s' * (files_linted != 1)}"
    if lines:
        lines.append("")
    lines.append(f"{problems} in {files}" if total else f"No problems found in {files}.")
    return "\n".join(lines) + "\n"
