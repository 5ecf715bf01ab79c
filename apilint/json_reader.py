"""Read JSON into positioned containers.

The standard library's ``json`` module does not report where values are, so this is a
small hand-written parser. It leans on ``json.decoder.scanstring`` (C) for strings and on
regular expressions for numbers, which keeps it within a few times the speed of
``json.loads``; it is iterative, so deep nesting cannot exhaust the Python stack, and it
reports duplicate keys, which ``json.loads`` silently merges.
"""

from __future__ import annotations

import re
from json.decoder import scanstring  # type: ignore[attr-defined]  # C-accelerated, public but untyped
from typing import Any

from apilint.reading import ReadProblem, ReadResult, integer, join_surrogates, may_escape_surrogates
from apilint.sourcemap import SourceMapping, SourceSequence

__all__ = ["read_json"]

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
