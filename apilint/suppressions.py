"""Suppressions written in the documents themselves, each with the reason it is there.

Two forms, both naming rule ids and requiring a reason:

* an ``x-apilint-ignore`` member on any object, mapping rule ids to a reason, or to
  ``{reason: ..., until: YYYY-MM-DD}``; it covers the object and everything under it;
* a YAML comment ``# apilint-ignore RULE_ID: reason``, at the end of a line (covering findings
  that start on that line) or on a line of its own (covering the next line).

A suppression past its ``until`` date no longer suppresses. Suppressions that are malformed,
expired or that suppressed nothing are findings of their own, so none stays forgotten.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from apilint.document import Document
from apilint.pointer import PointerChain, chain_pointer, join_pointer

__all__ = ["IGNORE_KEY", "Suppression", "SuppressionProblem", "read_suppressions"]

IGNORE_KEY = "x-apilint-ignore"
_COMMENT = re.compile(r"#\s*apilint-ignore\s+([A-Za-z0-9$._:-]+)\s*(?::\s*(.*?))?\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(slots=True)
class Suppression:
    """One rule id suppressed in one place; ``used`` is set when it suppresses a finding."""

    rule_id: str
    reason: str
    #: Where it is written: the pointer of the rule's entry, or of the node on the comment's line.
    pointer: str
    #: The object it covers (with everything under it), for the member form.
    scope: str | None = None
    #: The line whose findings it covers, for the comment form.
    line: int | None = None
    until: datetime.date | None = None
    used: bool = field(default=False, compare=False)

    def covers(self, pointer: str, start_line: int) -> bool:
        if self.line is not None:
            return start_line == self.line
        assert self.scope is not None
        return pointer == self.scope or pointer.startswith(self.scope + "/") or self.scope == ""

    def expired(self, today: datetime.date) -> bool:
        return self.until is not None and self.until < today


@dataclass(frozen=True, slots=True)
class SuppressionProblem:
    """A suppression that cannot be used as written."""

    pointer: str
    message: str


def read_suppressions(document: Document) -> tuple[list[Suppression], list[SuppressionProblem]]:
    """Every suppression written in ``document``, and the problems with those that are malformed."""
    suppressions: list[Suppression] = []
    problems: list[SuppressionProblem] = []
    if not document.parsed:
        return suppressions, problems
    if _may_spell_ignore_key(document.text) or not document.text:
        _members(document.data, suppressions, problems)
    _comments(document, suppressions, problems)
    return suppressions, problems


#: Escapes that could spell a character of the key: JSON's and YAML's ``\u``, YAML's ``\x`` and
#: ``\U``, and YAML's escaped line break, which joins two lines of a quoted key.
_KEY_ESCAPES = re.compile(r"\\[uUx\r\n]")


def _may_spell_ignore_key(text: str) -> bool:
    """Whether ``text`` may hold an ``x-apilint-ignore`` member: looking for it in the data walks the
    whole document, and a search of the text rules out nearly every file at once."""
    return IGNORE_KEY in text or _KEY_ESCAPES.search(text) is not None


def _members(data: Any, suppressions: list[Suppression], problems: list[SuppressionProblem]) -> None:
    seen: set[int] = set()
    # Pointers are worked out only for the objects that hold a suppression (see PointerChain).
    stack: list[tuple[Any, PointerChain]] = [(data, None)]
    while stack:
        value, chain = stack.pop()
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            if IGNORE_KEY in value:
                _member(value[IGNORE_KEY], chain_pointer(chain), suppressions, problems)
            stack.extend((child, (chain, key)) for key, child in value.items()
                         if key != IGNORE_KEY and isinstance(child, dict | list))
        else:
            stack.extend((child, (chain, index)) for index, child in enumerate(value) if isinstance(child, dict | list))


def _member(entries: Any, scope: str, suppressions: list[Suppression], problems: list[SuppressionProblem]) -> None:
    where = join_pointer(scope, IGNORE_KEY)
    if not isinstance(entries, dict) or not entries:
        problems.append(SuppressionProblem(where, f"{IGNORE_KEY} must map rule ids to the reason for ignoring them"))
        return
    for rule_id, entry in entries.items():
        at = join_pointer(where, rule_id)
        reason, until = (entry, None) if isinstance(entry, str) else (
            (entry.get("reason"), entry.get("until")) if isinstance(entry, dict) else (None, None))
        if not isinstance(reason, str) or not reason.strip():
            problems.append(SuppressionProblem(at, f"the suppression of {rule_id} gives no reason; write why the "
                                                   "finding is acceptable"))
            continue
        date = None
        if until is not None:
            date = _date(until)
            if date is None:
                problems.append(SuppressionProblem(at, f"'until' of the suppression of {rule_id} must be a date "
                                                       "written YYYY-MM-DD"))
                continue
        suppressions.append(Suppression(str(rule_id), reason.strip(), at, scope=scope, until=date))


def _comments(document: Document, suppressions: list[Suppression], problems: list[SuppressionProblem]) -> None:
    if document.path.endswith(".json") or "apilint-ignore" not in document.text:
        return
    lines = document.text.splitlines()
    for number, text in enumerate(lines, start=1):
        if "#" not in text or "apilint-ignore" not in text:
            continue
        match = _COMMENT.search(text)
        if match is None:
            continue
        own_line = text.lstrip().startswith("#")
        target = number + 1 if own_line else number
        if own_line:
            while target <= len(lines) and (not lines[target - 1].strip()
                                             or lines[target - 1].lstrip().startswith("#")):
                target += 1
        line_text = lines[target - 1] if target <= len(lines) else ""
        offset = document.lines.line_start(target) + len(line_text) - len(line_text.lstrip())
        pointer = document.pointer_at(offset)
        rule_id, reason = match.group(1), (match.group(2) or "").strip()
        if not reason:
            problems.append(SuppressionProblem(pointer, f"the comment suppressing {rule_id} gives no reason; write "
                                                        f"'# apilint-ignore {rule_id}: why it is acceptable'"))
            continue
        suppressions.append(Suppression(rule_id, reason, pointer, line=target))


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
