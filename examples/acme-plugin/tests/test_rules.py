"""Every ACME rule against its cases: the findings it must report, and no others.

The cases are data, in cases/<rule id, ':' written '__'>.yaml. When a rule changes on purpose,
``pytest --apilint-update-cases`` writes what it reports now into the failing cases; review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.testing import RuleCase, case_params, check_case, load_cases, ruleset_rules

CASES = Path(__file__).parent / "cases"


@pytest.mark.parametrize("case", case_params(CASES))
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    check_case(case, tmp_path)


def test_every_acme_rule_has_a_case_with_findings_and_one_without() -> None:
    rules = sorted(rule_id for rule_id, rule in ruleset_rules("acme").items() if rule.source == "acme")
    assert len(rules) == 5
    for rule_id in rules:
        cases = load_cases(CASES / f"{rule_id.replace(':', '__')}.yaml")
        assert {bool(case.findings) for case in cases} == {True, False}, rule_id
