"""Parsing of JSONPath text, in the dialect Spectral rulesets use, into segments.

Grammar (whitespace is allowed only inside brackets)::

    path      = "$" segment*
    segment   = "." name | ".*" | bracket          a child of the current nodes
              | ".." (name | "*" | bracket)        a descendant (at any depth)
              | "^"                                 the parent of each current node
              | "~"                                 the property name of each current node (last only)
    bracket   = "[" "?(" filter ")" "]"
              | "[" element ("," element)* "]"
    element   = "'name'" | '"name"' | "*" | slice | bare-name   (an integer is a bare name)
    slice     = [int] ":" [int] [":" [int]]

A name is a member name, and also a position when it is a canonical integer and the node
is an array, exactly as in jsonpath-plus and nimma: ``.0``, ``[0]`` and ``['0']`` are the
same selector, and ``[-1]`` looks for a member called ``-1`` (it does not count from the end;
use ``[-1:]`` for that). Inside quotes a backslash only escapes the quote character, so
patterns such as ``['^\\d+$']`` keep their backslashes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final, TypeAlias

from apilint.jsonpath.errors import JsonPathError
from apilint.jsonpath.filters import Expr, parse_filter

__all__ = [
    "Child",
    "Descendant",
    "Filter",
    "Name",
    "Parent",
    "PropertyName",
    "Segment",
    "Selector",
    "Slice",
    "Wildcard",
    "parse_path",
]


@dataclass(frozen=True, slots=True)
class Name:
    """A member name, or an array position when it is a canonical integer."""

    name: str


@dataclass(frozen=True, slots=True)
class Wildcard:
    """Every member or item."""


@dataclass(frozen=True, slots=True)
class Slice:
    """Array items by position, with Python's slice semantics."""

    start: int | None = None
    stop: int | None = None
    step: int | None = None


@dataclass(frozen=True, slots=True)
class Filter:
    """The members or items for which a filter expression is truthy."""

    source: str
    expression: Expr = field(compare=False, repr=False)


Selector: TypeAlias = Name | Wildcard | Slice | Filter


@dataclass(frozen=True, slots=True)
class Child:
    """The children of the current nodes picked by any of ``selectors``."""

    selectors: tuple[Selector, ...]
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Descendant:
    """The descendants (children at any depth) of the current nodes picked by any of ``selectors``."""

    selectors: tuple[Selector, ...]
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Parent:
    """``^``: the parent of each current node."""

    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class PropertyName:
    """``~``: the key of each current node rather than its value."""

    position: int = field(default=0, compare=False)


Segment: TypeAlias = Child | Descendant | Parent | PropertyName

# Characters that end a name written after a dot.
_DOT_NAME_STOP: Final = frozenset(".[]~^'\"(),*?@` \t\r\n")
# Characters that end a name written bare inside brackets.
_BARE_STOP: Final = frozenset(",[]'\"()?`~^ \t\r\n")
_SLICE: Final = re.compile(r"(-?[0-9]+)?:(-?[0-9]+)?(?::(-?[0-9]+)?)?")


class _PathParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str, position: int | None = None) -> JsonPathError:
        return JsonPathError(message, self.pos if position is None else position, self.text)

    def at(self, token: str) -> bool:
        return self.text.startswith(token, self.pos)

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def parse(self) -> tuple[Segment, ...]:
        text = self.text
        if not text:
            raise self.error("the path is empty")
        if text[0] != "$":
            raise self.error("a path must start with '$'")
        self.pos = 1
        segments: list[Segment] = []
        while self.pos < len(text):
            start = self.pos
            if segments and isinstance(segments[-1], PropertyName):
                raise self.error("'~' (property name) can only end a path")
            if self.at(".."):
                self.pos += 2
                segments.append(Descendant(self.after_dot(start, descendant=True), start))
            elif self.at("."):
                self.pos += 1
                segments.append(Child(self.after_dot(start, descendant=False), start))
            elif self.at("["):
                segments.append(Child(self.bracket(), start))
            elif self.at("^"):
                self.pos += 1
                segments.append(Parent(start))
            elif self.at("~"):
                self.pos += 1
                segments.append(PropertyName(start))
            elif text[self.pos] in " \t\r\n":
                raise self.error("whitespace is only allowed inside brackets")
            elif text[self.pos] == "]":
                raise self.error("']' without a matching '['")
            else:
                raise self.error(f"unexpected {text[self.pos]!r}; expected '.', '..', '[', '^' or '~'")
        return tuple(segments)

    def after_dot(self, start: int, *, descendant: bool) -> tuple[Selector, ...]:
        text = self.text
        if self.pos >= len(text) or text[self.pos] in ".^~":
            what = "'..'" if descendant else "'.'"
            raise self.error(f"{what} must be followed by a name, '*' or '['")
        if text[self.pos] == "[":
            # ``$.['a']`` means ``$['a']``: published rulesets write it, and Spectral accepts it.
            return self.bracket()
        if text[self.pos] == "*":
            self.pos += 1
            return (Wildcard(),)
        name_start = self.pos
        while self.pos < len(text) and text[self.pos] not in _DOT_NAME_STOP:
            self.pos += 1
        if self.pos == name_start:
            raise self.error(f"unexpected {text[self.pos]!r} in a member name")
        return (Name(text[name_start : self.pos]),)

    def bracket(self) -> tuple[Selector, ...]:
        opening = self.pos
        self.pos += 1
        self.skip_space()
        if self.at("?("):
            return (self.filter(opening),)
        if self.at("?"):
            raise self.error("write filters as [?(expression)]")
        if self.at("("):
            raise self.error("script expressions '[(...)]' are not supported; use a filter '[?(...)]'")
        if self.at("]"):
            raise self.error("empty brackets '[]' select nothing; write a name, index, slice, '*' or filter")
        selectors: list[Selector] = []
        while True:
            self.skip_space()
            selectors.append(self.element(opening))
            self.skip_space()
            if self.at("]"):
                self.pos += 1
                return tuple(selectors)
            if not self.at(","):
                if self.pos >= len(self.text):
                    raise self.error("'[' is not closed", opening)
                raise self.error(f"unexpected {self.text[self.pos]!r}; expected ',' or ']'")
            self.pos += 1

    def filter(self, opening: int) -> Filter:
        start = self.pos + 2
        expression, closing = parse_filter(self.text, start)
        self.pos = closing + 1
        self.skip_space()
        if not self.at("]"):
            if self.pos >= len(self.text):
                raise self.error("'[' is not closed", opening)
            raise self.error("expected ']' after the filter")
        self.pos += 1
        return Filter(self.text[start:closing].strip(), expression)

    def element(self, opening: int) -> Selector:
        text = self.text
        if self.pos >= len(text):
            raise self.error("'[' is not closed", opening)
        char = text[self.pos]
        if char in "'\"":
            return Name(self.quoted())
        if char == "*":
            self.pos += 1
            return Wildcard()
        if char == "?":
            raise self.error("a filter must be the only thing inside its brackets")
        start = self.pos
        while self.pos < len(text) and text[self.pos] not in _BARE_STOP:
            self.pos += 1
        word = text[start : self.pos]
        if not word:
            if self.pos >= len(text):
                raise self.error("'[' is not closed", opening)
            raise self.error(f"unexpected {text[self.pos]!r}; expected a name, index, slice or '*'")
        if ":" in word:
            return self.slice(word, start)
        if "*" in word:
            raise self.error("'*' cannot be part of a name; quote the name", start)
        return Name(word)

    def slice(self, word: str, start: int) -> Slice:
        matched = _SLICE.fullmatch(word)
        if not matched:
            raise self.error(f"{word!r} is not a valid slice (start:stop:step, all integers)", start)
        bounds = [int(part) if part is not None else None for part in matched.groups()]
        if bounds[2] == 0:
            raise self.error("a slice step cannot be 0", start)
        return Slice(*bounds)

    def quoted(self) -> str:
        text, start = self.text, self.pos
        quote = text[start]
        pos = start + 1
        chars: list[str] = []
        while pos < len(text):
            char = text[pos]
            if char == quote:
                self.pos = pos + 1
                return "".join(chars)
            if char == "\\" and text.startswith(quote, pos + 1):
                chars.append(quote)
                pos += 2
                continue
            chars.append(char)
            pos += 1
        raise self.error("the quoted name is not closed", start)


def parse_path(text: str) -> tuple[Segment, ...]:
    """The segments of ``text``; raises :class:`JsonPathError` with the offending position."""
    return _PathParser(text).parse()
