"""Baselines: the findings a project has accepted for now, so that only new ones fail a run.

A baseline is a JSON file that records findings by fingerprint (see
:func:`apilint.findings.fingerprint`: rule, repository-relative path, JSON pointer and
message, but no line numbers). Comparing a run with it sorts the run's findings into
*new* and *unchanged*, and names the recorded findings the run no longer has (*absent*).
The file is written deterministically, so regenerating it from the same findings gives
the same bytes and a reviewable diff. Version 1 of its shape::

    {
      "version": 1,
      "tool": {"name": "apilint", "version": "0.1.0"},
      "findings": [
        {
          "rule": "info-contact",
          "path": "specs/api.yaml",      # relative to the source root, POSIX separators
          "pointer": "/info",
          "message": "...",
          "fingerprint": "..."           # what matching goes by; the rest is for people
        }
      ]
    }
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from apilint.document import Document, decode_source
from apilint.findings import Finding
from apilint.json_reader import read_json
from apilint.sourcemap import LineIndex

__all__ = [
    "BASELINE_VERSION",
    "Baseline",
    "BaselineComparison",
    "BaselineEntry",
    "BaselineError",
    "compare_with_baseline",
    "read_baseline",
    "render_baseline",
]

#: The version of the file's shape; a reader refuses any other, as it cannot know what changed.
BASELINE_VERSION = 1

_TOOL_NAME = "apilint"
# The entry keys, in the order they are written; each one is required when reading.
_ENTRY_KEYS = ("rule", "path", "pointer", "message", "fingerprint")


class BaselineError(Exception):
    """A baseline file that cannot be used, with where the problem is written when that is known."""

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """One recorded finding. ``path`` is relative to the source root, as ``LintReport.repo_path`` gives it."""

    rule_id: str
    path: str
    pointer: str
    message: str
    fingerprint: str

    @property
    def sort_key(self) -> tuple[str, str, str, str, str]:
        return (self.path, self.pointer, self.rule_id, self.message, self.fingerprint)


@dataclass(frozen=True, slots=True)
class Baseline:
    """The entries of a baseline file, in the file's order; the same fingerprint may occur more than once."""

    entries: tuple[BaselineEntry, ...]


@dataclass(frozen=True, slots=True)
class BaselineComparison:
    """A run's findings sorted against a baseline.

    ``new`` and ``unchanged`` together are the findings compared, each in the findings' sort
    order; ``absent`` are the baseline's entries that no finding matched, sorted by path,
    pointer and rule.
    """

    new: tuple[Finding, ...]
    unchanged: tuple[Finding, ...]
    absent: tuple[BaselineEntry, ...]
    # Reporters ask for the state of every finding; a set keeps that linear in the run's size.
    _unchanged: frozenset[Finding] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_unchanged", frozenset(self.unchanged))

    def state(self, finding: Finding) -> Literal["new", "unchanged"]:
        """Whether ``finding`` was in the baseline; a finding the comparison did not see is new."""
        return "unchanged" if finding in self._unchanged else "new"


def render_baseline(findings: Sequence[Finding], repo_path: Callable[[Finding], str], tool_version: str) -> str:
    """The baseline file recording ``findings``, as text; ``repo_path`` gives each finding's file as recorded.

    Every finding is an entry, duplicates included, so a baseline accepts exactly as many
    occurrences of a problem as there were. Entries are sorted and nothing depends on the
    time, so the same findings always give the same text.
    """
    entries = sorted(
        (BaselineEntry(finding.rule_id, repo_path(finding), finding.pointer, finding.message, finding.fingerprint)
         for finding in findings),
        key=lambda entry: entry.sort_key,
    )
    document = {
        "version": BASELINE_VERSION,
        "tool": {"name": _TOOL_NAME, "version": tool_version},
        "findings": [dict(zip(_ENTRY_KEYS, _entry_values(entry), strict=True)) for entry in entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _entry_values(entry: BaselineEntry) -> tuple[str, str, str, str, str]:
    return (entry.rule_id, entry.path, entry.pointer, entry.message, entry.fingerprint)


def read_baseline(path: Path, shown: str) -> Baseline:
    """Read and check the baseline file at ``path``; raises :class:`BaselineError` naming ``shown``."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BaselineError(f"cannot be read: {error.strerror or error}", shown) from None
    text, problem = decode_source(raw)
    if problem is not None:
        raise BaselineError(problem.message, shown, LineIndex(text).position(problem.start)[0])
    result = read_json(text)
    if result.problems:
        # Duplicate keys count too: json.loads would keep one value silently, and a file
        # that says two things about one finding has been edited by hand and is not trusted.
        first = result.problems[0]
        raise BaselineError(f"is not valid JSON: {first.message}", shown, LineIndex(text).position(first.start)[0])
    document = Document.of(path.resolve().as_uri(), shown, text, result)
    return Baseline(_entries(document))


def _entries(document: Document) -> tuple[BaselineEntry, ...]:
    data = document.data

    def fail(message: str, pointer: str) -> BaselineError:
        return BaselineError(message, document.path, document.span(pointer).start_line)

    if not isinstance(data, dict):
        raise fail("a baseline must be a JSON object with 'version' and 'findings'", "")
    if "version" not in data:
        raise fail("'version' is missing; an apilint baseline starts with \"version\": 1", "")
    version = data["version"]
    # bool is an int to Python, but `true` is not a version.
    if not isinstance(version, int) or isinstance(version, bool):
        raise fail("'version' must be the baseline format's version number", "/version")
    if version != BASELINE_VERSION:
        raise fail(f"baseline format version {version} is not supported; this apilint reads version "
                   f"{BASELINE_VERSION} (recreate the file with 'apilint baseline create')", "/version")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise fail("'findings' must be a list of recorded findings", "/findings")
    return tuple(_entry(item, index, fail) for index, item in enumerate(findings))


def _entry(item: Any, index: int, fail: Callable[[str, str], BaselineError]) -> BaselineEntry:
    pointer = f"/findings/{index}"
    if not isinstance(item, dict):
        raise fail(f"findings[{index}] must be an object with {_listed(_ENTRY_KEYS)}", pointer)
    values: list[str] = []
    for key in _ENTRY_KEYS:
        value = item.get(key)
        if not isinstance(value, str):
            state = "is missing" if key not in item else "must be a string"
            raise fail(f"findings[{index}]: '{key}' {state}", f"{pointer}/{key}")
        values.append(value)
    if not values[-1]:
        raise fail(f"findings[{index}]: 'fingerprint' is empty", f"{pointer}/fingerprint")
    rule_id, path, entry_pointer, message, fingerprint = values
    return BaselineEntry(rule_id, path, entry_pointer, message, fingerprint)


def _listed(keys: Sequence[str]) -> str:
    quoted = [f"'{key}'" for key in keys]
    return f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def compare_with_baseline(baseline: Baseline, findings: Sequence[Finding]) -> BaselineComparison:
    """Match ``findings`` with the baseline's entries by fingerprint, counting occurrences.

    A fingerprint recorded twice accepts two findings with it; a third is new. Findings are
    taken in sort order, so which of several equal findings is the new one does not depend
    on the order they were given in.
    """
    remaining = Counter(entry.fingerprint for entry in baseline.entries)
    new: list[Finding] = []
    unchanged: list[Finding] = []
    for finding in sorted(findings, key=lambda finding: finding.sort_key):
        if remaining[finding.fingerprint] > 0:
            remaining[finding.fingerprint] -= 1
            unchanged.append(finding)
        else:
            new.append(finding)
    absent: list[BaselineEntry] = []
    # Entries that share a fingerprint share the fields it is made of, so which of them are
    # left over does not matter; taking them in sorted order keeps the output stable.
    for entry in sorted(baseline.entries, key=lambda entry: entry.sort_key):
        if remaining[entry.fingerprint] > 0:
            remaining[entry.fingerprint] -= 1
            absent.append(entry)
    return BaselineComparison(tuple(new), tuple(unchanged), tuple(absent))
