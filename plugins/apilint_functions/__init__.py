"""Spectral's core functions for declarative rules, with the same names, options and results.

``alphabetical``, ``casing``, ``defined``, ``enumeration``, ``falsy``, ``length``, ``or``, ``pattern``,
``schema``, ``truthy``, ``typedEnum``, ``undefined``, ``unreferencedReusableObject`` and ``xor``.
Regular expressions in options are JavaScript's, as in Spectral; see :mod:`apilint.js_regex`.

The engine passes :data:`apilint.functions.UNDEFINED` (also :data:`apilint_functions.values.UNDEFINED`)
as the value of a ``field`` the selected node does not have.
"""

from __future__ import annotations

from collections.abc import Callable

from apilint.functions import RuleFunction
from apilint.hookspecs import hookimpl

__all__ = ["apilint_register_functions"]


@hookimpl
def apilint_register_functions(register: Callable[[RuleFunction], None]) -> None:
    # Imported here so that loading the plugin costs nothing until a ruleset needs functions.
    from apilint_functions import comparison, presence, references, schema, strings

    for module in (presence, strings, comparison, schema, references):
        for function in module.FUNCTIONS:
            register(function)
