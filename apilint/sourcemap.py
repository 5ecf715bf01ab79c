"""Parsed data that remembers where it was written.

Both readers (YAML and JSON) build :class:`SourceMapping` and :class:`SourceSequence`
containers: ordinary ``dict`` and ``list`` subclasses, so rules, jsonschema and the
validator see plain data, that also carry the source offsets of their members. Scalars
get their position from the container that holds them, so no object is created per
scalar. Offsets are code-point indexes into the decoded text; they become lines and
columns only for the findings that are reported (:class:`LineIndex`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["LineIndex", "SourceMapping", "SourceSequence", "Span", "TextRange"]


class SourceMapping(dict[str, Any]):
    """A mapping whose members know their offsets.

    ``offsets`` holds three integers per key, in insertion order: where the key starts,
    where its value starts, and where its value ends (exclusive).
    """

    __slots__ = ("_positions", "offsets")

    def __init__(self) -> None:
        super().__init__()
        self.offsets: list[int] = []
        # Key -> insertion index, built on the first lookup: only mappings that a reported
        # finding passes through pay for it, and then each lookup is constant time.
        self._positions: dict[str, int] | None = None

    def set_member(self, key: str, value: Any, key_start: int, value_start: int, value_end: int) -> bool:
        """Store ``key``; returns False (and keeps the new value) if the key was already there."""
        self._positions = None
        if key in self:
            index = list(self).index(key)
            self[key] = value
            self.offsets[3 * index : 3 * index + 3] = [key_start, value_start, value_end]
            return False
        self[key] = value
        self.offsets += (key_start, value_start, value_end)
        return True

    def append_members(self, other: SourceMapping) -> None:
        """Add the members of ``other``, none of whose keys is here, after these, with their offsets."""
        self._positions = None
        self.update(other)
        self.offsets += other.offsets

    def member_range(self, key: str) -> tuple[int, int, int] | None:
        """(key start, value start, value end) for ``key``, or None if it is not a member."""
        if key not in self:
            return None
        if self._positions is None or len(self._positions) != len(self):
            self._positions = {name: index for index, name in enumerate(self)}
        index = self._positions[key]
        return self.offsets[3 * index], self.offsets[3 * index + 1], self.offsets[3 * index + 2]


class SourceSequence(list[Any]):
    """A list whose items know their offsets: two integers (start, end) per item."""

    __slots__ = ("offsets",)

    def __init__(self) -> None:
        super().__init__()
        self.offsets: list[int] = []

    def append_item(self, value: Any, start: int, end: int) -> None:
        self.append(value)
        self.offsets += (start, end)

    def item_range(self, index: int) -> tuple[int, int] | None:
        if 0 <= index < len(self) and 2 * index + 1 < len(self.offsets):
            return self.offsets[2 * index], self.offsets[2 * index + 1]
        return None


@dataclass(frozen=True, slots=True)
class TextRange:
    """A stretch of one file's text, as code-point offsets (end exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Where a node is written, for people and SARIF: 1-based lines and columns.

    Columns count Unicode code points. ``end_column`` is the column just after the last
    character, as SARIF defines it.
    """

    start_line: int
    start_column: int
    end_line: int
    end_column: int


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_NEWLINE = re.compile("\n")


def _line_starts(text: str) -> list[int]:
    # Most texts have no carriage return, and a one-character pattern is searched several times
    # faster than the alternation.
    breaks = _LINE_BREAK if "\r" in text else _NEWLINE
    return [0] + [match.end() for match in breaks.finditer(text)]


class LineIndex:
    """Turns offsets into 1-based line and column numbers for one text.

    Line breaks are those editors use: ``\\n``, ``\\r\\n`` and a lone ``\\r``.
    """

    __slots__ = ("_last_breaks", "_lines_before", "_starts", "_text")

    #: The text is counted in blocks of this many characters: a position is then found by counting
    #: within one block, and the index of a large text is made in milliseconds, where a list of
    #: every line's start took a twentieth of a second for a 13 MB description.
    BLOCK = 4096

    def __init__(self, text: str) -> None:
        self._text = text
        #: Every line's start, where the text has carriage returns (seldom) or once line_start asks.
        self._starts: list[int] | None = None
        #: For each block: the line breaks before it, and where the last of them is (-1: none).
        self._lines_before: list[int] = [0]
        self._last_breaks: list[int] = [-1]
        if "\r" in text:
            self._starts = _line_starts(text)
            return
        size = self.BLOCK
        lines, last = self._lines_before, self._last_breaks
        for start in range(0, len(text), size):
            lines.append(lines[-1] + text.count("\n", start, start + size))
            found = text.rfind("\n", start, start + size)
            last.append(found if found >= 0 else last[-1])

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of ``offset``."""
        text = self._text
        offset = max(0, min(offset, len(text)))
        if self._starts is not None:
            line = bisect.bisect_right(self._starts, offset) - 1
            return line + 1, offset - self._starts[line] + 1
        block = offset // self.BLOCK
        start = block * self.BLOCK
        found = text.rfind("\n", start, offset)
        if found < 0:
            found = self._last_breaks[block]
        return self._lines_before[block] + text.count("\n", start, offset) + 1, offset - found

    def line_start(self, line: int) -> int:
        """The offset where 1-based ``line`` starts (the end of the text past the last line)."""
        if self._starts is None:
            self._starts = _line_starts(self._text)
        return self._starts[line - 1] if 1 <= line <= len(self._starts) else len(self._text)

    def span(self, text_range: TextRange) -> Span:
        start_line, start_column = self.position(text_range.start)
        end_line, end_column = self.position(max(text_range.start, text_range.end))
        return Span(start_line, start_column, end_line, end_column)
