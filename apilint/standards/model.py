"""What a standard is made of: its identity, its clauses, and the ruleset that checks them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CHECKABILITY", "LEVELS", "STATUSES", "Clause", "Standard", "StandardError", "StandardSource",
           "version_key"]

#: Normative levels, as RFC 2119 writes them.
LEVELS = ("MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY")
#: How far a clause can be checked from an OpenAPI document.
CHECKABILITY = ("static", "heuristic", "no")
STATUSES = ("draft", "adopted", "withdrawn")

_NUMBER = re.compile(r"\d+")


def version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, for ordering (``2.10.0`` after ``2.9.1``)."""
    return tuple(int(part) for part in _NUMBER.findall(version))


class StandardError(Exception):
    """A standard that cannot be used, with where the problem is written when it is in a file."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class StandardSource:
    """A standard a plugin ships: the folder holding its ``standard.yaml`` and ``ruleset.yaml``."""

    location: str


@dataclass(frozen=True, slots=True)
class Clause:
    """One requirement of a standard, as the standard identifies it."""

    id: str
    title: str
    level: str
    url: str
    checkable: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Standard:
    """One version of a standard, with its clauses and the ruleset that checks them."""

    id: str
    version: str
    title: str
    owner: str
    status: str
    published: str
    source: str
    licence: str
    clauses: tuple[Clause, ...]
    ruleset: Path
    linter: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """``id@version``: the name that selects exactly this version."""
        return f"{self.id}@{self.version}"

    def clause(self, clause_id: str) -> Clause | None:
        return next((clause for clause in self.clauses if clause.id == clause_id), None)
