"""What a loaded ruleset is made of."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from apilint.rules import Rule
from apilint.severity import Severity

__all__ = ["DeclarativeRule", "NamedRuleset", "Override", "RulesetError", "Then"]


class RulesetError(Exception):
    """A ruleset (or a file it extends) that cannot be used, with where the problem is written."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path if self.line is None else f"{self.path}:{self.line}:{self.column or 1}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Then:
    """One ``then`` entry: which part of the selected node, and the function that checks it.

    ``field`` is None for the node itself, ``"@key"`` for each of its keys, a JSONPath
    (starting with ``$``) relative to the node, or a dotted or bracketed property path.
    """

    function: str
    field: str | None = None
    options: Mapping[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class DeclarativeRule:
    """A rule written in a ruleset: its metadata as an apilint :class:`Rule`, and its parts.

    ``given`` holds the JSONPaths with aliases expanded, per document format where the
    ruleset uses scoped aliases (key ``None`` applies to every format).
    """

    rule: Rule
    given: Mapping[str | None, tuple[str, ...]]
    then: tuple[Then, ...]
    message: str | None
    #: The description as written (None when the ruleset gives none): without a
    #: ``message``, it is what a finding says, as in Spectral.
    description: str | None = None
    resolved: bool = True
    origin: str = ""

    def paths_for(self, spec_format: str | None) -> tuple[str, ...]:
        if spec_format is not None:
            for key in (spec_format, "oas2" if spec_format == "oas2" else "oas3"):
                if key in self.given:
                    return self.given[key]
        return self.given.get(None, ())


@dataclass(frozen=True, slots=True)
class Override:
    """A ruleset ``overrides`` entry: rule severities for files matching a glob.

    ``pointer`` narrows it to one node and what lies under it (``file.yaml#/paths/~1a``).
    ``base`` is the directory globs are relative to: the ruleset's own.
    """

    pattern: str
    pointer: str | None
    severities: Mapping[str, Severity | None]
    base: str


@dataclass(frozen=True, slots=True)
class NamedRuleset:
    """A ruleset a plugin makes available by name, for ``extends`` and ``--ruleset``.

    ``location`` is the ruleset file. ``aliases`` are other names it answers to. A ``default``
    ruleset is used, in its recommended mode, for documents that no ruleset is configured for.
    """

    name: str
    location: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    default: bool = False
