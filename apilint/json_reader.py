"""Read JSON, and say where its values are written.

Two ways, with the same data and the same positions. Most files are read by the standard
library's C parser (``json.loads``), ten times faster than any parser written in Python, into
plain containers; where a member or an item is written is worked out only when asked (for a
reported finding), by scanning the text of the containers on the way to it
(:class:`JsonPositions`). A file that parser refuses, or that needs a closer look (duplicate keys,
which it silently merges; ``NaN``; escaped lone surrogates), is read again by a small hand-written
parser into positioned containers (:mod:`apilint.sourcemap`), which reports each problem where it
is written. That parser leans on ``json.decoder.scanstring`` (C) for strings and on regular
expressions for numbers, and is iterative, so deep nesting cannot exhaust the Python stack.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, public but untyped
from json.scanner import make_scanner  # C-accelerated
from typing import Any

from apilint.reading import ReadProblem, ReadResult, integer, join_surrogates, may_escape_surrogates
from apilint.sourcemap import SourceMapping, SourceSequence

__all__ = ["JsonPositions", "read_json"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS: dict[str, tuple[str, Any]] = {"t": ("true", True), "f": ("false", False), "n": ("null", None)}


class _JSONSyntaxError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


def _describe(text: str, offset: int) -> str:
    if offset >= len(text):
        return "end of file"
    return repr(text[offset])


def read_json(text: str) -> ReadResult:
    """Parse ``text`` as JSON (RFC 8259). Never raises: syntax errors become problems."""
    fast = _read_plain(text)
    if fast is not None:
        return fast
    result = ReadResult()
    try:
        _parse(text, result)
    except _JSONSyntaxError as error:
        result.data = None
        result.problems.append(
            ReadProblem("syntax-error", error.message, error.offset, min(error.offset + 1, len(text)), True)
        )
    return result


def _parse(text: str, result: ReadResult) -> None:
    # Each stack frame is [container, start offset, pending key, key start] for an open
    # object or array; values are attached to the innermost frame as they complete.
    stack: list[list[Any]] = []
    nodes = depth = 0
    length = len(text)
    pos = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    if pos >= length:
        raise _JSONSyntaxError("the document is empty", 0)
    root_start = pos
    surrogates = may_escape_surrogates(text)

    def attach(value: Any, start: int, end: int) -> None:
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, SourceMapping):
            key = frame[2]
            if not container.set_member(key, value, frame[3], start, end):
                result.problems.append(
                    ReadProblem("duplicate-key", f"duplicate key {key!r}; the last value is used",
                                frame[3], frame[4])
                )
        else:
            container.append_item(value, start, end)

    while True:
        # Read one value starting at ``pos`` (or close containers).
        char = text[pos] if pos < length else ""
        value_start = pos
        if char == "{":
            stack.append([SourceMapping(), pos, None, 0, 0])
            depth = max(depth, len(stack))
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if pos < length and text[pos] == "}":
                pos += 1
                value: Any = stack.pop()[0]
            else:
                pos = _read_key(text, pos, stack[-1], surrogates)
                continue
        elif char == "[":
            stack.append([SourceSequence(), pos, None, 0, 0])
            depth = max(depth, len(stack))
            pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
            if pos < length and text[pos] == "]":
                pos += 1
                value = stack.pop()[0]
            else:
                continue
        elif char == '"':
            value, pos = _read_string(text, pos, surrogates)
        elif char in _LITERALS:
            word, value = _LITERALS[char]
            if not text.startswith(word, pos):
                raise _JSONSyntaxError(f"unexpected {_describe(text, pos)}", pos)
            pos += len(word)
        else:
            match = _NUMBER.match(text, pos)
            if match is None or match.end() == pos:
                expected = "a value" if char else "a value, found end of file"
                raise _JSONSyntaxError(f"expected {expected}" + (f", found {_describe(text, pos)}" if char else ""),
                                       pos)
            number = match.group()
            value = float(number) if match.group(1) or match.group(2) else integer(number)
            pos = match.end()

        # A value is complete: attach it, then close every container that ends here.
        while True:
            nodes += 1
            if not stack:
                result.data = value
                result.root_start, result.root_end = root_start, pos
                result.nodes, result.depth = nodes, depth
                end = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
                if end < length:
                    raise _JSONSyntaxError(f"unexpected {_describe(text, end)} after the end of the document", end)
                return
            attach(value, value_start, pos)
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            frame = stack[-1]
            is_object = isinstance(frame[0], SourceMapping)
            closer = "}" if is_object else "]"
            char = text[pos] if pos < length else ""
            if char == ",":
                pos = _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
                if is_object:
                    pos = _read_key(text, pos, frame, surrogates)
                break
            if char == closer:
                pos += 1
                stack.pop()
                value, value_start = frame[0], frame[1]
                continue
            raise _JSONSyntaxError(
                f"expected ',' or '{closer}', found {_describe(text, pos)}", pos
            )


def _read_key(text: str, pos: int, frame: list[Any], surrogates: bool) -> int:
    """Read ``"key":`` at ``pos`` into ``frame``; return the offset of the value that follows."""
    if pos >= len(text) or text[pos] != '"':
        raise _JSONSyntaxError(f"expected a property name in double quotes, found {_describe(text, pos)}", pos)
    key, end = _read_string(text, pos, surrogates)
    frame[2], frame[3], frame[4] = key, pos, end
    pos = _WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
    if pos >= len(text) or text[pos] != ":":
        raise _JSONSyntaxError(f"expected ':' after the property name, found {_describe(text, pos)}", pos)
    return _WHITESPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def _read_string(text: str, pos: int, surrogates: bool) -> tuple[str, int]:
    """Read the string whose opening quote is at ``pos``; ``surrogates``: the text may escape one."""
    try:
        value, end = scanstring(text, pos + 1, True)
    except ValueError as error:
        message = str(getattr(error, "msg", error))
        if message.startswith("Unterminated string"):
            raise _JSONSyntaxError("the string is not closed before the end of the file", pos) from None
        offset = getattr(error, "pos", pos)
        if text[offset - 1 : offset + 1] == "\\u":
            offset -= 1  # the standard library points at the u of a bad \u escape; the escape starts before
        raise _JSONSyntaxError(f"invalid string: {message.removesuffix(' at')}", offset) from None
    # json.loads accepts a lone surrogate escape ("\ud800"), but it is no character: no report
    # quoting the string could be written, so it is refused here, where it is written.
    if surrogates and (problem := join_surrogates(value)[1]) is not None:
        raise _JSONSyntaxError(problem, pos)
    return value, end


# -- the fast way: the C parser, and positions on demand


class _Refused(Exception):
    """What the C parser accepts and this reader does not, or reports better the slow way."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)  # NaN, Infinity: not JSON


def _unique_members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Refused("duplicate key")
    return mapping


def _read_plain(text: str) -> ReadResult | None:
    """``text`` read by the C parser into plain containers, or None when the slow way must read it."""
    if may_escape_surrogates(text):
        return None
    try:
        data = json.loads(text, object_pairs_hook=_unique_members, parse_constant=_refuse_constant)
    except (_Refused, ValueError, RecursionError):
        # Syntax errors, numbers too long for Python, nesting deeper than the C parser's limit:
        # the slow way reads them, and says where the problem is.
        return None
    root_start = _WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    root_end = len(text.rstrip(" \t\n\r"))
    nodes, depth = _count(data)
    return ReadResult(data=data, root_start=root_start, root_end=root_end, nodes=nodes, depth=depth,
                      positions=JsonPositions(text, data, root_start))


def _count(data: Any) -> tuple[int, int]:
    """How many values ``data`` holds, itself included, and how deeply its containers nest."""
    if not isinstance(data, dict | list):
        return 1, 0
    nodes, depth = 1, 0
    # Level by level, looking only at containers: a walk over every value takes twice as long.
    level: list[Any] = [data]
    while level:
        depth += 1
        below: list[Any] = []
        for container in level:
            nodes += len(container)
            below += [value for value in (container.values() if container.__class__ is dict else container)
                      if value.__class__ is dict or value.__class__ is list]
        level = below
    return nodes, depth


class JsonPositions:
    """Where the members and items of JSON read into plain containers are written.

    A container's members are located the first time one of them is asked for, by scanning the
    container's text: keys with ``scanstring``, values skipped by the C scanner. That also tells
    where each member that is a container starts, so locating a node scans only the containers
    on the way to it, once each. Offsets are code-point indexes into the text, as the slow
    reader's, and the same: a test compares them on every value of a corpus.
    """

    __slots__ = ("_indexes", "_offsets", "_scan", "_starts", "_text")

    def __init__(self, text: str, root: Any, root_start: int) -> None:
        self._text = text
        # Where each container whose parent has been scanned starts, by id: the data lives as
        # long as the document, so ids are stable.
        self._starts: dict[int, int] = {id(root): root_start}
        self._offsets: dict[int, list[int]] = {}
        # Key -> position among the members, for mappings asked about more than once.
        self._indexes: dict[int, dict[str, int]] = {}
        # Values are scanned only to find where they end: handing each object's members to len
        # instead of building a dict makes the scan of a large container two to three times faster.
        self._scan = make_scanner(json.JSONDecoder(object_pairs_hook=len))  # type: ignore[arg-type]  # typeshed types it oddly

    def member_range(self, mapping: dict[str, Any], key: str) -> tuple[int, int, int] | None:
        """(key start, value start, value end) of member ``key`` of ``mapping``, or None."""
        if key not in mapping:
            return None
        offsets = self.offsets(mapping)
        if offsets is None:
            return None
        indexes = self._indexes.get(id(mapping))
        if indexes is None:
            indexes = self._indexes[id(mapping)] = {name: 3 * number for number, name in enumerate(mapping)}
        index = indexes[key]
        return offsets[index], offsets[index + 1], offsets[index + 2]

    def item_range(self, sequence: list[Any], index: int) -> tuple[int, int] | None:
        """(start, end) of item ``index`` of ``sequence``, or None."""
        if not 0 <= index < len(sequence):
            return None
        offsets = self.offsets(sequence)
        return (offsets[2 * index], offsets[2 * index + 1]) if offsets is not None else None

    def offsets(self, container: dict[str, Any] | list[Any]) -> list[int] | None:
        """Three offsets per member of a mapping (key start, value start, value end), two per item
        of a list (start, end); None for a container this document did not read."""
        found = self._offsets.get(id(container))
        if found is None:
            start = self._starts.get(id(container))
            if start is None:
                return None
            found = self._offsets[id(container)] = self._scan_members(container, start)
        return found

    def known(self) -> tuple[dict[int, int], dict[int, list[int]]]:
        """What the scans so far found (container starts and member offsets, by container id), for
        :meth:`learn` in a process forked after the document was read, where the ids are the same."""
        return self._starts, self._offsets

    def learn(self, known: tuple[dict[int, int], dict[int, list[int]]]) -> None:
        """Take what :meth:`known` gave in another process of the same document, so as not to scan again."""
        starts, offsets = known
        for key, start in starts.items():
            self._starts.setdefault(key, start)
        for key, found in offsets.items():
            self._offsets.setdefault(key, found)

    def _scan_members(self, container: dict[str, Any] | list[Any], start: int) -> list[int]:
        text, skip, scan, starts = self._text, _WHITESPACE.match, self._scan, self._starts
        offsets: list[int] = []
        is_mapping = isinstance(container, dict)
        values = iter(container.values() if isinstance(container, dict) else container)
        position = skip(text, start + 1).end()  # type: ignore[union-attr]
        for value in values:
            if is_mapping:
                offsets.append(position)
                position = scanstring(text, position + 1, True)[1]
                position = skip(text, skip(text, position).end() + 1).end()  # type: ignore[union-attr]
            if isinstance(value, dict | list):
                starts[id(value)] = position
            end = scan(text, position)[1]
            offsets += (position, end)
            position = skip(text, skip(text, end).end() + 1).end()  # type: ignore[union-attr]  # past the comma
        return offsets

