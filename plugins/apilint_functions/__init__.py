"""Spectral's core functions for declarative rules, with the same names, options and results.

``alphabetical``, ``casing``, ``defined``, ``enumeration``, ``falsy``, ``length``, ``or``, ``pattern``,
``schema``, ``truthy``, ``typedEnum``, ``undefined``, ``unreferencedReusableObject`` and ``xor``.
Regular expressions in options are JavaScript's, as in Spectral; see :mod:`apilint_functions.jsregex`.

The engine passes :data:`apilint.functions.UNDEFINED` (also :data:`apilint_functions.values.UNDEFINED`)
as the value of a ``field`` the selected node does not have.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from apilint.functions import RuleFunction
from apilint.hookspecs import hookimpl

__all__ = ["apilint_register_functions"]


@hookimpl
def apilint_register_functions(register: Callable[[RuleFunction], None]) -> None:
    # Imported here so that loading the plugin costs nothing until a ruleset needs functions.
    from apilint_functions import comparison, presence, references, schema, strings

    # Checks a JSON Schema cannot express (patterns that do not compile, schemas invalid for their
    # dialect), for the loader to run after options_schema. They are attached only when the core's
    # RuleFunction has a validate_options field to hold them.
    option_checks: dict[str, Callable[[Mapping[str, Any]], list[str]]] = {
        "pattern": strings.validate_pattern_options,
        "schema": schema.validate_schema_options,
    }
    can_attach = "validate_options" in {field.name for field in dataclasses.fields(RuleFunction)}
    for module in (presence, strings, comparison, schema, references):
        for function in module.FUNCTIONS:
            check = option_checks.get(function.name)
            if can_attach and check is not None:
                extra: dict[str, Any] = {"validate_options": check}
                function = dataclasses.replace(function, **extra)
            register(function)
