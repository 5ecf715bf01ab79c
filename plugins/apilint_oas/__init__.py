"""The ``oas`` rule set: rules about OpenAPI documents as the specification defines them."""

from __future__ import annotations

from collections.abc import Callable

from apilint.hookspecs import hookimpl
from apilint.rules import Rule

__all__ = ["apilint_register_rules"]


@hookimpl
def apilint_register_rules(register: Callable[[Rule], None]) -> None:
    # Rule modules are imported here, not at plugin load, so runs that never reach the
    # rules (listing formats, --version) start fast.
    from apilint_oas import validation

    for item in validation.RULES:
        register(item)
