"""The standards apilint ships, registered as any plugin registers its own.

Each version of a standard is a folder ``<id>/<version>/`` holding ``standard.yaml`` (identity
and clauses) and ``ruleset.yaml`` (the rules, each naming the clause it checks). This folder is
installed as the package ``apilint_standards``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from apilint.hookspecs import hookimpl
from apilint.standards import StandardSource

__all__ = ["apilint_register_standards"]


@hookimpl
def apilint_register_standards(register: Callable[[StandardSource], None]) -> None:
    for definition in sorted(Path(__file__).parent.glob("*/*/standard.yaml")):
        register(StandardSource(str(definition.parent)))
