"""Government and organisational API standards: their clauses, versions and rule packs."""

from __future__ import annotations

from apilint.standards.catalog import StandardCatalog
from apilint.standards.model import Clause, Standard, StandardError, StandardSource

__all__ = ["Clause", "Standard", "StandardCatalog", "StandardError", "StandardSource"]
