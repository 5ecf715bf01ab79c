"""Read one table of a TOML file (``[tool.apilint]`` in ``pyproject.toml``) into positioned containers.

The standard library's ``tomllib`` parses TOML but reports no positions, and a configuration
error should name the line it is on. So ``tomllib`` decides whether the text is valid and
gives every value, and a light scanner of the (then known valid) text only finds where each
key, table header and array item is written. Anything the scanner cannot place is given its
parent's position; it never changes a value.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from typing import Any

from apilint.document import Document, decode_source
from apilint.reading import ReadProblem
from apilint.sourcemap import SourceMapping, SourceSequence, TextRange

__all__ = ["read_toml_table"]

#: A node's address below the document root: table keys, and indexes into arrays.
_Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_BASIC_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')
_LITERAL_STRING = re.compile(r"'[^'\n]*'")
# Multi-line forms first. A closing delimiter may be preceded by one or two quotes of content.
_STRINGS = (re.compile(r'"""(?:\\[\s\S]|[^\\])*?""""{0,2}'), re.compile(r"'''[\s\S]*?''''{0,2}"),
            _BASIC_STRING, _LITERAL_STRING)
# Numbers, booleans and dates: none of them holds a separator, a bracket or a comment sign.
_OTHER_VALUE = re.compile(r"[^,\]}#\n]*")
_BLANKS = re.compile(r"[ \t\r]*")
_BLANKS_AND_LINES = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")  # comments too
_ERROR_AT = re.compile(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", re.DOTALL)


def read_toml_table(uri: str, path: str, raw: bytes, table: tuple[str, ...]) -> Document:
    """Read the table at the dotted path ``table`` (``("tool", "apilint")``) of a TOML file.

    The document's ``data`` is that table as :class:`SourceMapping`/:class:`SourceSequence`
    containers holding ``tomllib``'s values; it is None, with no problem, when the file has no
    such table. Text that is not UTF-8 or not TOML gives data None and one fatal problem.
    Never raises for bad content.
    """
    text, problem = decode_source(raw)
    if problem is not None:
        return Document(uri, path, text, None, [problem])
    try:
        value: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Document(uri, path, text, None, [_syntax_problem(text, str(error))])
    for name in table:
        if not isinstance(value, dict) or name not in value:
            return Document(uri, path, text, None)
        value = value[name]
    scanner = _Scanner(text)
    with contextlib.suppress(_LostError):  # Keep what was found; the rest falls back to its parent's place.
        scanner.scan()
    root = scanner.found.get(table, [0, 0, len(text)])
    return Document(uri, path, text, _convert(value, table, root, scanner.found), [],
                    TextRange(root[0], root[2]))


def _syntax_problem(text: str, message: str) -> ReadProblem:
    """A fatal problem at the place ``tomllib``'s message names, without repeating that place."""
    offset = 0
    match = _ERROR_AT.fullmatch(message)
    if match is not None:
        message = match.group(1)
        offset = len(text)
        if match.group(2) is not None:
            # tomllib counts lines by "\n" (it reads "\r\n" as "\n"), so columns agree with the text's.
            line_starts = [0] + [found.end() for found in re.finditer("\n", text)]
            line, column = int(match.group(2)), int(match.group(3))
            offset = min(line_starts[min(line, len(line_starts)) - 1] + column - 1, len(text))
    return ReadProblem("syntax-error", f"not valid TOML: {message[:1].lower()}{message[1:]}",
                       offset, min(offset + 1, len(text)), True)


def _convert(value: Any, path: _Path, place: list[int], found: dict[_Path, list[int]]) -> Any:
    """``tomllib``'s ``value`` as positioned containers; ``place`` is its own, for members not found."""
    if isinstance(value, dict):
        mapping = SourceMapping()
        for key, item in value.items():
            member = found.get((*path, key), place)
            mapping.set_member(key, _convert(item, (*path, key), member, found), member[0], member[1], member[2])
        return mapping
    if isinstance(value, list):
        sequence = SourceSequence()
        for index, item in enumerate(value):
            member = found.get((*path, index), place)
            sequence.append_item(_convert(item, (*path, index), member, found), member[0], member[2])
        return sequence
    return value


class _LostError(Exception):
    """The scanner met text it does not understand (a TOML feature newer than it)."""


class _Scanner:
    """Finds where the keys, tables and array items of a valid TOML text are written.

    ``found`` maps each path to [key start, value start, value end]; for an array item the
    key start is the item's start. A table declared by a header starts at its ``[``, and its
    end grows to cover everything written in it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.found: dict[_Path, list[int]] = {}
        # Tables only named on the way to a header's table: a later header of their own is a better place.
        self.implicit: set[_Path] = set()
        # The index of the last item of each array of tables seen so far.
        self.last_item: dict[_Path, int] = {}

    def scan(self) -> None:
        table: _Path = ()
        while True:
            self.skip(_BLANKS_AND_LINES)
            if self.pos >= len(self.text):
                return
            if self.text.startswith("[", self.pos):
                table = self.header()
            else:
                self.key_value(table)

    def header(self) -> _Path:
        """Read ``[a.b]`` or ``[[a.b]]``; returns the path of the table that follows."""
        start = self.pos
        array = self.text.startswith("[[", start)
        self.pos += 2 if array else 1
        parts = self.key()
        self.expect("]]" if array else "]")
        end = self.pos
        path: _Path = ()
        for name, _ in parts[:-1]:
            path = (*path, name)
            if path in self.last_item:  # A header below an array of tables is in its last item.
                path = (*path, self.last_item[path])
            self.note(path, start, end, end, implicit=True)
        path = (*path, parts[-1][0])
        if not array:
            self.note(path, start, end, end)
            return path
        index = self.last_item[path] = self.last_item.get(path, -1) + 1
        self.note(path, start, start, end)
        self.note((*path, index), start, end, end)
        return (*path, index)

    def key_value(self, table: _Path) -> None:
        """Read ``a.b = value`` into ``table``, noting each part of the key."""
        parts = self.key()
        self.expect("=")
        self.skip(_BLANKS)
        value_start = self.pos
        value_end = self.value((*table, *(name for name, _ in parts)))
        path = table
        for number, (name, key_start) in enumerate(parts):
            path = (*path, name)
            # A dotted key's table holds what follows its name: the next part.
            inner_start = parts[number + 1][1] if number + 1 < len(parts) else value_start
            self.note(path, key_start, inner_start, value_end)

    def key(self) -> list[tuple[str, int]]:
        """Read a (dotted) key: each part's name and where it starts."""
        parts: list[tuple[str, int]] = []
        while True:
            self.skip(_BLANKS)
            start = self.pos
            quote = self.text[start : start + 1]
            pattern = {'"': _BASIC_STRING, "'": _LITERAL_STRING}.get(quote, _BARE_KEY)
            match = pattern.match(self.text, start)
            if match is None:
                raise _LostError
            written = match.group()
            if quote == '"':  # Escapes and all: let tomllib read it.
                name = str(tomllib.loads(f"k = {written}")["k"])
            else:
                name = written[1:-1] if quote == "'" else written
            parts.append((name, start))
            self.pos = match.end()
            self.skip(_BLANKS)
            if not self.text.startswith(".", self.pos):
                return parts
            self.pos += 1

    def value(self, path: _Path) -> int:
        """Skip the value at the current position, noting what arrays and inline tables hold; returns its end."""
        text, start = self.text, self.pos
        if text.startswith("[", start) or text.startswith("{", start):
            array = text[start] == "["
            closer = "]" if array else "}"
            self.pos += 1
            index = 0
            while True:
                self.skip(_BLANKS_AND_LINES)
                if text.startswith(closer, self.pos):
                    break
                if array:
                    item_start = self.pos
                    self.note((*path, index), item_start, item_start, self.value((*path, index)))
                    index += 1
                else:
                    self.key_value(path)
                self.skip(_BLANKS_AND_LINES)
                if text.startswith(",", self.pos):
                    self.pos += 1
                elif not text.startswith(closer, self.pos):
                    raise _LostError
            self.pos += 1
            return self.pos
        for pattern in _STRINGS:
            match = pattern.match(text, start)
            if match is not None:
                self.pos = match.end()
                return self.pos
        match = _OTHER_VALUE.match(text, start)
        written = match.group().rstrip(" \t\r") if match is not None else ""
        if not written:
            raise _LostError
        self.pos = start + len(written)
        return self.pos

    def note(self, path: _Path, key_start: int, value_start: int, value_end: int, *, implicit: bool = False) -> None:
        """Remember where ``path`` is written, and stretch the tables that hold it to cover it.

        The first place a path is written wins, except that a table's own header wins over a
        header that only passes through it.
        """
        place = self.found.get(path)
        if place is None or (path in self.implicit and not implicit):
            self.found[path] = [key_start, value_start, max(value_end, place[2] if place else 0)]
            if implicit:
                self.implicit.add(path)
            else:
                self.implicit.discard(path)
        for size in range(1, len(path) + 1):
            holder = self.found.get(path[:size])
            if holder is not None and holder[2] < value_end:
                holder[2] = value_end

    def expect(self, token: str) -> None:
        self.skip(_BLANKS)
        if not self.text.startswith(token, self.pos):
            raise _LostError
        self.pos += len(token)

    def skip(self, pattern: re.Pattern[str]) -> None:
        match = pattern.match(self.text, self.pos)
        if match is not None:
            self.pos = match.end()
