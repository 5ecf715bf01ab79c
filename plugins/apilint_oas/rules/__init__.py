"""Python rules of the ``oas`` ruleset, beyond Spectral's: checks that Redocly CLI recommends.

Each module holds a few related rules with their documentation; :data:`RULES` lists them
all for the plugin to register. They are in the ruleset's ``all`` tier: not recommended,
run with ``[oas, all]`` or when turned on by id.
"""

from __future__ import annotations

from apilint.rules import Rule
from apilint_oas.rules import components, operations, paths, schemas, security, servers

__all__ = ["RULES"]

RULES: tuple[Rule, ...] = (
    *paths.RULES,
    *operations.RULES,
    *security.RULES,
    *servers.RULES,
    *schemas.RULES,
    *components.RULES,
)
