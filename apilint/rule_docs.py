"""A rule's documentation page, generated from its metadata (never written by hand)."""

from __future__ import annotations

from apilint.rules import Rule

__all__ = ["render_rule_page", "render_rule_text"]


def _facts(rule: Rule) -> list[tuple[str, str]]:
    facts = [("Severity", rule.severity.value),
             ("Formats", ", ".join(sorted(rule.formats)) if rule.formats else "all"),
             ("Recommended", "yes" if rule.recommended else "no"),
             ("From", rule.source or "unknown")]
    # The clause and the documentation link are part of the help text itself.
    return facts


def render_rule_text(rule: Rule) -> str:
    """The page as plain text, for ``apilint rule ID``."""
    header = [rule.id, "=" * len(rule.id), ""]
    header += [f"{name + ':':<17}{value}" for name, value in _facts(rule)]
    return "\n".join(header) + "\n\n" + rule.help_text()


def render_rule_page(rule: Rule) -> str:
    """The page as Markdown, for ``docs/rules/``."""
    lines = [f"# {rule.id}", "", "| | |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in _facts(rule)]
    return "\n".join(lines) + "\n\n" + rule.help_markdown()
