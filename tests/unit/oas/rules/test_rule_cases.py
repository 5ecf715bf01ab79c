"""Every rule of the ``oas`` ruleset against its cases: the findings it must produce and no others."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from apilint.rules import Rule
from apilint.testing import RuleCase, case_params, check_case, load_cases, ruleset_rules
from apilint.workspace import Workspace

CASES = Path(__file__).parent / "cases"
#: The formats a case can be written in, and those every rule must have cases for.
FORMATS = ("oas2", "oas3_0", "oas3_1", "oas3_2")
REQUIRED_FORMATS = ("oas2", "oas3_0", "oas3_1")


@cache
def oas_rules() -> dict[str, Rule]:
    """Every rule the ``oas`` ruleset defines or takes in, on or off by default."""
    return ruleset_rules("oas")


def spec_format(case: RuleCase, tmp_path: Path) -> str | None:
    probe = case.write(tmp_path / "probe")
    return Workspace(root=probe.parent, cwd=probe.parent).read_file(probe).spec_format


# Each rule runs alone: the oas ruleset with every rule off, and the case's rule on.
@pytest.mark.parametrize("case", case_params(CASES, ruleset="oas"))
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    check_case(case, tmp_path)


def test_every_rule_has_cases_for_every_format_it_applies_to(tmp_path: Path) -> None:
    missing = []
    for rule_id, rule in sorted(oas_rules().items()):
        path = CASES / f"{rule_id}.yaml"
        if not path.is_file():
            missing.append(f"{rule_id}: no case file")
            continue
        seen: dict[str, set[bool]] = {}
        for case in load_cases(path):
            fmt = spec_format(case, tmp_path)
            assert fmt is not None, f"{rule_id}: case {case.name!r} has no known OpenAPI version"
            seen.setdefault(fmt, set()).add(bool(case.findings))
        formats = [fmt for fmt in FORMATS if rule.applies_to(fmt)]
        required = [fmt for fmt in formats if fmt in REQUIRED_FORMATS] or formats
        for fmt in required:
            if seen.get(fmt) != {True, False}:
                missing.append(f"{rule_id}: {fmt} needs a case with findings and one without")
    assert not missing, "\n".join(missing)


#: Every rule of Spectral's spectral:oas (rulesets 1.23.1, and the links rule of its newest source):
#: default severity, recommended or not, and the formats it applies to ("*": all).
SPECTRAL_OAS = {
    "array-items": ("error", True, "*"),
    "contact-properties": ("warn", False, "*"),
    "duplicated-entry-in-enum": ("warn", True, "*"),
    "info-contact": ("warn", True, "*"),
    "info-description": ("warn", True, "*"),
    "info-license": ("warn", False, "*"),
    "license-url": ("warn", False, "*"),
    "no-$ref-siblings": ("error", True, "oas2 oas3_0"),
    "no-eval-in-markdown": ("warn", True, "*"),
    "no-script-tags-in-markdown": ("warn", True, "*"),
    "oas2-anyOf": ("warn", True, "oas2"),
    "oas2-api-host": ("warn", True, "oas2"),
    "oas2-api-schemes": ("warn", True, "oas2"),
    "oas2-discriminator": ("error", True, "oas2"),
    "oas2-host-not-example": ("warn", False, "oas2"),
    "oas2-host-trailing-slash": ("warn", True, "oas2"),
    "oas2-oneOf": ("warn", True, "oas2"),
    "oas2-operation-formData-consume-check": ("warn", True, "oas2"),
    "oas2-operation-security-defined": ("warn", True, "oas2"),
    "oas2-parameter-description": ("warn", False, "oas2"),
    "oas2-schema": ("error", True, "oas2"),
    "oas2-unused-definition": ("warn", True, "oas2"),
    "oas2-valid-media-example": ("error", True, "oas2"),
    "oas2-valid-schema-example": ("error", True, "oas2"),
    "oas3-api-servers": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-callbacks-in-callbacks": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-examples-value-or-externalValue": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-links-parameters-expression": ("error", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-operation-security-defined": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-parameter-description": ("warn", False, "oas3_0 oas3_1 oas3_2"),
    "oas3-schema": ("error", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-server-not-example.com": ("warn", False, "oas3_0 oas3_1 oas3_2"),
    "oas3-server-trailing-slash": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-server-variables": ("error", True, "*"),
    "oas3-unused-component": ("warn", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-valid-media-example": ("error", True, "oas3_0 oas3_1 oas3_2"),
    "oas3-valid-schema-example": ("error", True, "oas3_0 oas3_1 oas3_2"),
    "oas3_1-callbacks-in-webhook": ("warn", True, "oas3_1 oas3_2"),
    "oas3_1-servers-in-webhook": ("warn", True, "oas3_1 oas3_2"),
    "oas3_2-no-deprecated-xml-attribute": ("warn", True, "oas3_2"),
    "openapi-tags": ("warn", False, "*"),
    "openapi-tags-alphabetical": ("warn", False, "*"),
    "openapi-tags-uniqueness": ("error", True, "*"),
    "operation-description": ("warn", True, "*"),
    "operation-operationId": ("warn", True, "*"),
    "operation-operationId-unique": ("error", True, "*"),
    "operation-operationId-valid-in-url": ("warn", True, "*"),
    "operation-parameters": ("warn", True, "*"),
    "operation-singular-tag": ("warn", False, "*"),
    "operation-success-response": ("warn", True, "*"),
    "operation-tag-defined": ("warn", True, "*"),
    "operation-tags": ("warn", True, "*"),
    "path-declarations-must-exist": ("warn", True, "*"),
    "path-keys-no-trailing-slash": ("warn", True, "*"),
    "path-not-include-query": ("warn", True, "*"),
    "path-params": ("error", True, "*"),
    "tag-description": ("warn", False, "*"),
    "typed-enum": ("warn", True, "*"),
}


def test_the_ruleset_has_every_spectral_oas_rule_with_its_severity_tier_and_formats() -> None:
    assert len(SPECTRAL_OAS) == 58
    rules = oas_rules()
    for rule_id, (severity, recommended, formats) in SPECTRAL_OAS.items():
        rule = rules[rule_id]
        applies = {fmt for fmt in FORMATS if rule.applies_to(fmt)}
        assert (rule.severity.value, rule.recommended, applies) == (
            severity, recommended, set(FORMATS) if formats == "*" else set(formats.split())), rule_id


def test_the_rules_beyond_spectral_are_in_the_all_tier() -> None:
    extra = set(oas_rules()) - set(SPECTRAL_OAS)
    assert extra and all(not oas_rules()[rule_id].recommended for rule_id in extra)
