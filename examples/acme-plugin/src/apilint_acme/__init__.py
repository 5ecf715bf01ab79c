"""The ACME API Guidelines for apilint.

An apilint plugin is a module with functions named after apilint's hooks, decorated with
``apilint.hookimpl``; the ``apilint`` entry point in pyproject.toml names this one. It registers:

* three Python rules (:mod:`apilint_acme.rules`), for what a JSONPath and a function cannot say;
* ``acmePathShape`` (:mod:`apilint_acme.functions`), a function that declarative rules can call;
* the ``acme`` ruleset (``rulesets/acme.yaml``): two declarative rules, one calling that function and
  one a built-in function, and the Python rules, so ``--ruleset acme`` runs all five;
* the standard ``acme-api`` (``standards/acme-api/<version>/``): the guidelines' clauses, each rule
  naming the one it checks, for ``apilint lint --standard acme-api`` and ``apilint conformance``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apilint import NamedRuleset, Rule, RuleFunction, StandardSource, hookimpl

__all__ = [
    "ACME_RULESET",
    "apilint_register_functions",
    "apilint_register_rules",
    "apilint_register_rulesets",
    "apilint_register_standards",
]

HERE = Path(__file__).parent

ACME_RULESET = NamedRuleset(
    name="acme",
    location=str(HERE / "rulesets" / "acme.yaml"),
    description="The checkable parts of the ACME API Guidelines.",
    # Installing the plugin is enough: documents without a ruleset of their own get its recommended rules.
    default=True,
)


@hookimpl
def apilint_register_rules(register: Callable[[Rule], None]) -> None:
    # Imported here rather than at the top: runs that never check a document (apilint --version,
    # apilint plugins) do not pay for loading the rules.
    from apilint_acme.rules import RULES

    for item in RULES:
        register(item)


@hookimpl
def apilint_register_functions(register: Callable[[RuleFunction], None]) -> None:
    from apilint_acme.functions import PATH_SHAPE

    register(PATH_SHAPE)


@hookimpl
def apilint_register_rulesets(register: Callable[[NamedRuleset], None]) -> None:
    register(ACME_RULESET)


@hookimpl
def apilint_register_standards(register: Callable[[StandardSource], None]) -> None:
    for definition in sorted((HERE / "standards").glob("*/*/standard.yaml")):
        register(StandardSource(str(definition.parent)))
