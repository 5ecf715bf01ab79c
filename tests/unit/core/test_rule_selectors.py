"""What a selector matches: rule ids, clauses, and groups (rulesets, plugins, standards)."""

from __future__ import annotations

import pytest

from apilint.rule_selectors import NO_SELECTORS, Selectors, matches, rule_groups
from apilint.rules import Rule
from apilint.severity import Severity

STANDARD_RULE = Rule(id="nlgov:version-header", severity=Severity.ERROR, summary="S.", description="D.",
                     clause="/core/version-header", source="nl-adr@2.1.0")
OFF_BY_DEFAULT = Rule(id="operation-summary", severity=Severity.WARN, summary="S.", description="D.",
                      recommended=False, source="oas")


@pytest.mark.parametrize(("selector", "expected"), [
    ("nlgov:version-header", True),
    ("/core/version-header", True),
    ("nl-adr:/core/version-header", True),
    ("nl-adr@2.1.0:/core/version-header", True),
    ("nl-adr", True),
    ("nl-adr@2.1.0", True),
    ("nl-adr@2.1", False),
    ("/core/version", False),
    ("oas", False),
])
def test_a_rule_of_a_standard(selector: str, expected: bool) -> None:
    assert matches(selector, STANDARD_RULE, whole_groups=False) is expected


def test_a_group_selects_a_rule_that_is_not_recommended_only_when_asked_for_whole_groups() -> None:
    assert not matches("oas", OFF_BY_DEFAULT, whole_groups=False)
    assert matches("oas", OFF_BY_DEFAULT, whole_groups=True)
    assert matches("operation-summary", OFF_BY_DEFAULT, whole_groups=False)


def test_groups_and_emptiness() -> None:
    assert rule_groups(STANDARD_RULE) == ("nl-adr@2.1.0", "nl-adr")
    assert rule_groups(OFF_BY_DEFAULT) == ("oas",)
    assert not NO_SELECTORS and Selectors(ignore=("x",))
    assert Selectors(("a",), ("b",), ("c",)).choosing == ("a", "b")
