"""The hooks a plugin can implement. This module is the whole plugin contract.

A plugin is a module (or object) with functions decorated by :data:`apilint.hookimpl`
and named after these specs. apilint's own rules and output formats are plugins of
exactly this kind, registered through the ``apilint`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pluggy

if TYPE_CHECKING:
    from apilint.functions import RuleFunction
    from apilint.reporting import Reporter
    from apilint.rules import Rule
    from apilint.rulesets.model import NamedRuleset
    from apilint.standards.conformance import ConformanceReporter
    from apilint.standards.model import StandardSource

__all__ = ["PROJECT_NAME", "hookimpl", "hookspec"]

PROJECT_NAME = "apilint"

_F = TypeVar("_F", bound=Callable[..., Any])
# The casts keep decorated functions' signatures visible to type checkers.
hookspec = cast(Callable[[_F], _F], pluggy.HookspecMarker(PROJECT_NAME))
hookimpl = cast(Callable[[_F], _F], pluggy.HookimplMarker(PROJECT_NAME))


@hookspec
def apilint_register_rules(register: Callable[[Rule], None]) -> None:
    """Register the plugin's Python rules.

    Called once per run, after every plugin is loaded and before any file is read.
    Call ``register(rule)`` for each :class:`apilint.Rule`; the return value is ignored.
    A rule id that another plugin already registered is reported as a plugin error and
    the second registration is dropped. Import rule modules inside this hook, not at
    the plugin's import time, so that runs which never need them start fast.
    """


@hookspec
def apilint_register_reporters(register: Callable[[Reporter], None]) -> None:
    """Register output formats.

    Called once per run, after plugins are loaded and before options are checked, so
    that ``--format NAME`` can name any registered format. Call ``register(reporter)``
    for each object implementing :class:`apilint.Reporter`; the return value is ignored.
    """


@hookspec
def apilint_register_functions(register: Callable[[RuleFunction], None]) -> None:
    """Register functions that declarative rules can name in ``then.function``.

    Called once per run, after plugins are loaded and before any ruleset is read, so that
    a ruleset naming an unknown function is refused with its file and line. Call
    ``register(function)`` for each :class:`apilint.RuleFunction`; the return value is
    ignored. A name another plugin already registered is reported and the second dropped.
    """


@hookspec
def apilint_register_rulesets(register: Callable[[NamedRuleset], None]) -> None:
    """Make rulesets available by name, for ``--ruleset NAME`` and a ruleset's ``extends``.

    Called once per run, after plugins are loaded and before any ruleset is read. Call
    ``register(ruleset)`` for each :class:`apilint.NamedRuleset`, which names a ruleset file
    the plugin ships; the return value is ignored. A name or alias another plugin already
    registered is reported and the second dropped.
    """


@hookspec
def apilint_register_standards(register: Callable[[StandardSource], None]) -> None:
    """Make standards available to ``--standard``, the ``standards`` setting and ``extends``.

    Called once per run, after plugins are loaded. Call ``register(source)`` with an
    :class:`apilint.StandardSource` for each version of a standard the plugin ships: a folder
    holding ``standard.yaml`` (identity and clauses) and ``ruleset.yaml`` (the rules, each naming
    its clause). The files are read only when a standard is used or listed; the return value is
    ignored.
    """


@hookspec
def apilint_register_conformance_reporters(register: Callable[[ConformanceReporter], None]) -> None:
    """Register formats for ``apilint conformance`` reports.

    Called once per run, after plugins are loaded and before options are checked, so that
    ``apilint conformance --format NAME`` can name any registered format. Call ``register(reporter)``
    for each object implementing :class:`apilint.standards.conformance.ConformanceReporter`; the
    return value is ignored.
    """
