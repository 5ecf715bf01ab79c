"""Functions for the ``oas`` ruleset's declarative rules, registered for any ruleset to use.

Each module holds the functions of one part of a document and lists them in ``FUNCTIONS``.
"""

from __future__ import annotations

from apilint.functions import RuleFunction

__all__ = ["all_functions"]


def all_functions() -> tuple[RuleFunction, ...]:
    from apilint_oas.functions import components, examples, links, operations, path_params, schemas, security, servers

    return tuple(function for module in (operations, path_params, schemas, examples, security, servers, components,
                                         links) for function in module.FUNCTIONS)
