"""A standard's documentation page, generated from its clauses and its rules' metadata."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from apilint.rules import Rule
from apilint.standards.model import Standard

__all__ = ["markdown_cell", "render_standard_page", "rules_by_clause"]

_CHECKABLE = {"static": "checked", "heuristic": "checked by a heuristic", "no": "not checkable from the document"}


def rules_by_clause(standard: Standard, rules: Mapping[str, Rule]) -> dict[str, list[Rule]]:
    """The rules that check each clause: the standard's own, and those it takes in for a clause."""
    found: dict[str, list[Rule]] = {}
    for rule in sorted(rules.values(), key=lambda item: item.id):
        if rule.clause and standard.clause(rule.clause) is not None:
            found.setdefault(rule.clause, []).append(rule)
    return found


def markdown_cell(text: str) -> str:
    """``text`` as one Markdown table cell: one line, no column breaks, and no HTML tags to act on."""
    return " ".join(text.split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_standard_page(standard: Standard, checks: Mapping[str, Sequence[Rule]]) -> str:
    """The page as Markdown: identity, every clause with its rules, then each rule's documentation."""
    lines = [f"# {standard.title} {standard.version}", "",
             "| | |", "|---|---|",
             f"| Select with | `--standard {standard.key}` |",
             f"| Owner | {markdown_cell(standard.owner)} |",
             f"| Status | {standard.status} |",
             f"| Published | {standard.published} |",
             f"| Text | {standard.source} ({standard.licence}) |"]
    if standard.linter:
        lines.append(f"| Mirrors | {markdown_cell(', '.join(value for _, value in standard.linter))} |")
    counts = {kind: sum(clause.checkable == kind for clause in standard.clauses) for kind in _CHECKABLE}
    lines += ["", f"{len(standard.clauses)} clauses: {counts['static']} checked, {counts['heuristic']} checked by "
              f"a heuristic, {counts['no']} not checkable from an API description.", "",
              "## Clauses", "", "| clause | level | checked | rules | note |", "|---|---|---|---|---|"]
    for clause in standard.clauses:
        rules = ", ".join(f"[`{rule.id}`](#{_anchor(rule.id)})" for rule in checks.get(clause.id, ())) or "-"
        lines.append(f"| [{markdown_cell(clause.id)}]({clause.url}) {markdown_cell(clause.title)} | {clause.level} | "
                     f"{_CHECKABLE[clause.checkable]} | {rules} | {markdown_cell(clause.note)} |")
    lines += ["", "## Rules"]
    seen: set[str] = set()
    for clause in standard.clauses:
        for rule in checks.get(clause.id, ()):
            if rule.id in seen:
                continue
            seen.add(rule.id)
            lines += ["", f"### {rule.id}", "", f"Clause `{clause.id}` ({clause.level}); severity "
                      f"{rule.severity.value}; from `{rule.source}`"
                      + (f"; precision {rule.precision}" if rule.precision != "very-high" else "") + ".", "",
                      rule.help_markdown().rstrip()]
    return "\n".join(lines) + "\n"


def _anchor(rule_id: str) -> str:
    # GitHub's heading anchors: lower case, spaces to hyphens, most punctuation dropped.
    return "".join(char for char in rule_id.lower() if char.isalnum() or char in "-_")
