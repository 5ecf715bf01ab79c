"""Choosing rules from the command line, as ruff does: ``--select``, ``--extend-select``, ``--ignore``.

A selector names a rule id, a ruleset (its name, or its file as shown), a plugin, a standard
(``nl-adr`` or ``nl-adr@2.1.0``), or a clause of a standard (``/core/uri-version``, or
``nl-adr:/core/uri-version``). ``--select`` replaces the rules a run would use by those it
matches; ``--extend-select`` adds to them; ``--ignore`` then removes what it matches. A
selector naming a whole group (ruleset, plugin or standard) selects the group's recommended
rules; name a rule to take in one that is not recommended. The core's rules, which report
files that cannot be read, stay on under ``--select`` unless ignored by name.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from apilint.rules import Rule
from apilint.selection import RuleSelection

__all__ = ["NO_SELECTORS", "SelectorError", "Selectors", "apply_selectors", "matches", "rule_groups"]

_CORE_PLUGIN = "core"


class SelectorError(ValueError):
    """A selector that matches nothing a run knows of."""


@dataclass(frozen=True, slots=True)
class Selectors:
    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.select or self.extend_select or self.ignore)

    @property
    def choosing(self) -> tuple[str, ...]:
        """The selectors that take rules in (as opposed to ``ignore``)."""
        return (*self.select, *self.extend_select)


#: No selector given: the rules a run would use anyway.
NO_SELECTORS = Selectors()


def rule_groups(rule: Rule) -> tuple[str, ...]:
    """The names of the groups a rule belongs to: its ruleset or plugin, and for a standard its id."""
    source = rule.source
    standard_id, at, _ = source.partition("@")
    return (source, standard_id) if at else (source,)


def matches(selector: str, rule: Rule, *, whole_groups: bool) -> bool:
    """Whether ``selector`` names ``rule``: by id, by clause, or by group.

    A group selects only its recommended rules, unless ``whole_groups``.
    """
    if selector == rule.id:
        return True
    groups = rule_groups(rule)
    if rule.clause is not None and (selector == rule.clause
                                    or any(selector == f"{group}:{rule.clause}" for group in groups)):
        return True
    return selector in groups and (whole_groups or rule.recommended)


def apply_selectors(selection: RuleSelection, selectors: Selectors, registered: Mapping[str, Rule],
                    other_names: Iterable[str] = ()) -> RuleSelection:
    """``selection`` with the rules ``selectors`` choose; raises :class:`SelectorError` for one matching nothing.

    Rules come from every rule the selection's rulesets define (on or off) and every rule a
    plugin registered; a rule taken in keeps the severity its ruleset gives it. ``other_names``
    (rulesets and standards not in use) are suggested for a selector with a typo.
    """
    universe = {**registered, **selection.available, **selection.rules}
    for selector in (*selectors.choosing, *selectors.ignore):
        if not any(matches(selector, rule, whole_groups=True) for rule in universe.values()):
            names = sorted({*universe, *other_names, *(group for rule in universe.values()
                                                       for group in rule_groups(rule))})
            close = difflib.get_close_matches(selector, names, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise SelectorError(f"'{selector}' matches no rule, ruleset, plugin, standard or clause{hint}")

    def chosen(names: Iterable[str], whole_groups: bool) -> set[str]:
        wanted = tuple(names)
        return {rule_id for rule_id, rule in universe.items()
                if any(matches(selector, rule, whole_groups=whole_groups) for selector in wanted)}

    if selectors.select:
        enabled = chosen(selectors.select, whole_groups=False)
        enabled |= {rule_id for rule_id, rule in selection.rules.items() if rule.source == _CORE_PLUGIN}
    else:
        enabled = set(selection.rules)
    enabled |= chosen(selectors.extend_select, whole_groups=False)
    enabled -= chosen(selectors.ignore, whole_groups=True)
    rules = {rule_id: selection.rules.get(rule_id) or universe[rule_id] for rule_id in sorted(enabled)}
    declarative = [replace(declared, rule=rules[rule_id])
                   for rule_id, declared in selection.definitions.items() if rule_id in rules]
    return replace(selection, rules=rules, declarative=declarative)
