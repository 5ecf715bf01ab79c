"""The ``oas`` ruleset: generic rules for OpenAPI documents, compatible with Spectral's ``spectral:oas``.

The ruleset itself is ``rulesets/oas.yaml``: declarative rules, with their documentation, that
call the functions of :mod:`apilint_oas.functions`. It also takes in this plugin's Python rules:
structural validation (``oas2-schema``, ``oas3-schema``) and the checks in :mod:`apilint_oas.rules`.
It is the default ruleset: documents that no ruleset is configured for get its recommended rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apilint.functions import RuleFunction
from apilint.hookspecs import hookimpl
from apilint.rules import Rule
from apilint.rulesets.model import NamedRuleset

__all__ = ["OAS_RULESET", "apilint_register_functions", "apilint_register_rules", "apilint_register_rulesets"]

OAS_RULESET = NamedRuleset(
    name="oas",
    location=str(Path(__file__).parent / "rulesets" / "oas.yaml"),
    description="Generic OpenAPI rules; the same rules, tiers and results as Spectral's spectral:oas, and more.",
    aliases=("spectral:oas",),
    default=True,
)


@hookimpl
def apilint_register_rules(register: Callable[[Rule], None]) -> None:
    # Rule modules are imported here, not at plugin load, so runs that never reach the
    # rules (listing formats, --version) start fast.
    from apilint_oas import rules, validation

    for item in (*validation.RULES, *rules.RULES):
        register(item)


@hookimpl
def apilint_register_functions(register: Callable[[RuleFunction], None]) -> None:
    from apilint_oas.functions import all_functions

    for function in all_functions():
        register(function)


@hookimpl
def apilint_register_rulesets(register: Callable[[NamedRuleset], None]) -> None:
    register(OAS_RULESET)
