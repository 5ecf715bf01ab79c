"""Which rules run on a document, at which severity: the outcome of defaults and rulesets."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from apilint.functions import RuleFunction
from apilint.pointer import pointer_tokens
from apilint.rules import Rule
from apilint.rulesets.model import DeclarativeRule, Override
from apilint.severity import Severity

if TYPE_CHECKING:
    from apilint.rulesets.runner import DeclarativeRunner

__all__ = ["RuleSelection", "glob_matches"]


@dataclass(frozen=True, eq=False)
class RuleSelection:
    """The rules that run, by id, with their effective severities, and the overrides that adjust them.

    ``declarative`` are the rules written in rulesets (their :class:`Rule` is also in
    ``rules``); ``functions`` are what their ``then`` clauses call. ``sources`` names the
    rulesets the selection came from, for people. ``available`` holds every rule those
    rulesets define or mention, the ones they leave off too (what ``apilint rule ID`` shows).
    """

    rules: Mapping[str, Rule]
    declarative: Sequence[DeclarativeRule] = ()
    functions: Mapping[str, RuleFunction] = field(default_factory=dict)
    overrides: Sequence[Override] = ()
    sources: tuple[str, ...] = ()
    available: Mapping[str, Rule] = field(default_factory=dict)
    #: Every declarative rule the rulesets define, on or off, by id (for choosing rules again).
    definitions: Mapping[str, DeclarativeRule] = field(default_factory=dict)

    @cached_property
    def runner(self) -> DeclarativeRunner:
        from apilint.rulesets.runner import DeclarativeRunner  # only rulesets with declarative rules need it

        return DeclarativeRunner(self.declarative, self.functions)

    def severity(self, rule_id: str, file_path: str, pointer: str) -> Severity | None:
        """The severity of a finding of ``rule_id`` in ``file_path`` at ``pointer``; None: not reported."""
        rule = self.rules.get(rule_id)
        if rule is None:
            return None
        severity: Severity | None = rule.severity
        for override in self.overrides:
            if rule_id in override.severities and _override_applies(override, file_path, pointer):
                severity = override.severities[rule_id]
        return severity


def _override_applies(override: Override, file_path: str, pointer: str) -> bool:
    path = PurePosixPath(file_path)
    base = PurePosixPath(override.base)
    try:
        relative = path.relative_to(base).as_posix()
    except ValueError:
        relative = path.as_posix()
    if not glob_matches(override.pattern, relative):
        return False
    if override.pointer is None:
        return True
    try:
        scope = pointer_tokens(override.pointer)
        tokens = pointer_tokens(pointer)
    except ValueError:
        return False
    return tokens[: len(scope)] == scope


def glob_matches(pattern: str, path: str) -> bool:
    """Whether a POSIX ``path`` matches a glob: ``**`` spans folders, ``*`` and ``?`` do not cross ``/``."""
    return _glob_regex(pattern.removeprefix("./")).fullmatch(path) is not None


_GLOB_CACHE: dict[str, re.Pattern[str]] = {}


def _glob_regex(pattern: str) -> re.Pattern[str]:
    cached = _GLOB_CACHE.get(pattern)
    if cached is not None:
        return cached
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    compiled = _GLOB_CACHE[pattern] = re.compile("".join(parts))
    return compiled
