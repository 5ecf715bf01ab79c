"""Every shipped standard: its rules against their cases, and its clauses against its rules.

Cases live in ``<id>/<version>/cases/<rule id, ':' written '__'>.yaml``, in the format of
:mod:`apilint.testing` (tests/unit/oas/rules/cases/README.md); each runs its rule alone, from its standard.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from apilint.rule_selection_builder import SelectionBuilder
from apilint.rules import Rule
from apilint.standards import Standard
from apilint.testing import RuleCase, check_case, installed_plugins, load_cases

HERE = Path(__file__).parent


@cache
def standards() -> tuple[Standard, ...]:
    return tuple(SelectionBuilder(installed_plugins(), HERE).standards.standards)


@cache
def rules_of(key: str) -> dict[str, Rule]:
    builder = SelectionBuilder(installed_plugins(), HERE)
    standard = builder.standards.resolve(key)
    selection = builder.select((key,))
    # Its own rules, and the rules it turns on from other rulesets for one of its clauses.
    return {rule_id: rule for rule_id, rule in selection.available.items()
            if rule.source == key or (rule.clause and standard.clause(rule.clause) is not None)}


def all_cases() -> Iterator[pytest.ParameterSet]:
    for path in sorted(HERE.glob("*/*/cases/*.yaml")):
        key = f"{path.parents[2].name}@{path.parents[1].name}"
        for case in load_cases(path, ruleset=key):
            yield pytest.param(case, id=f"{key} {case}")


@pytest.mark.parametrize("case", list(all_cases()))
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    check_case(case, tmp_path)


def test_every_rule_of_every_standard_has_cases_with_and_without_findings() -> None:
    missing = []
    for standard in standards():
        folder = HERE / standard.id / standard.version / "cases"
        for rule_id in sorted(rules_of(standard.key)):
            path = folder / f"{rule_id.replace(':', '__')}.yaml"
            if not path.is_file():
                missing.append(f"{standard.key} {rule_id}: no case file")
                continue
            if {bool(case.findings) for case in load_cases(path)} != {True, False}:
                missing.append(f"{standard.key} {rule_id}: needs a case with findings and one without")
    assert not missing, "\n".join(missing)


def test_checkable_clauses_have_rules_and_the_others_none() -> None:
    problems = []
    for standard in standards():
        rules = rules_of(standard.key).values()
        checked = {rule.clause for rule in rules}
        heuristic = {clause.id for clause in standard.clauses if clause.checkable == "heuristic"}
        problems += [f"{standard.key} {rule.id} checks a heuristic clause but claims precision {rule.precision}"
                     for rule in rules if rule.clause in heuristic and rule.precision == "very-high"]
        for clause in standard.clauses:
            if clause.checkable != "no" and clause.id not in checked:
                problems.append(f"{standard.key} {clause.id} is {clause.checkable} but has no rule")
            if clause.checkable == "no" and clause.id in checked:
                problems.append(f"{standard.key} {clause.id} is not checkable but has a rule")
    assert not problems, "\n".join(problems)
