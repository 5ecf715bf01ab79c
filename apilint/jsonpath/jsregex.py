"""Translation of JavaScript regular expressions (``/source/flags``) into Python ``re`` patterns.

Filters test strings with ``.match(/.../flags)``, written for JavaScript's regex engine.
Most syntax carries over, but several constructs mean something else in Python, so they
are rewritten rather than copied:

* ``\\d``, ``\\w``, ``\\b`` are ASCII-only in JavaScript and Unicode-aware in Python;
  ``\\s`` uses JavaScript's whitespace set;
* ``.`` excludes all four JavaScript line terminators (``\\n \\r \\u2028 \\u2029``), not
  just ``\\n``; ``$`` without ``m`` matches only at the very end (Python's also matches
  before a final newline), and ``^``/``$`` with ``m`` honour all four terminators;
* ``(?<name>...)`` and ``\\k<name>`` become ``(?P<name>...)`` and ``(?P=name)``;
* ``[^]`` (any character) and ``[]`` (nothing) have no Python spelling;
* identity escapes such as ``\\A`` or ``\\Z`` are plain letters in JavaScript but anchors in Python.

Supported flags: ``i``, ``m``, ``s``, ``u`` and ``g`` (which only changes what ``match``
returns). ``y``, ``d`` and ``v`` are rejected, as are Unicode property escapes (``\\p{...}``),
which Python's ``re`` lacks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

__all__ = ["SUPPORTED_FLAGS", "RegexError", "compile_js_regex", "from_code_units", "to_code_units"]

SUPPORTED_FLAGS: Final = "gimsu"

_WORD: Final = "A-Za-z0-9_"
_SPACE: Final = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_DIGIT: Final = "0-9"
_SHORTHANDS: Final = {"d": _DIGIT, "w": _WORD, "s": _SPACE}
_TERMINATORS: Final = "\\n\\r\\u2028\\u2029"
_WORD_BOUNDARY: Final = f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_NOT_WORD_BOUNDARY: Final = f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"
_QUANTIFIER: Final = re.compile(r"\{[0-9]+(?:,[0-9]*)?\}")
_HEX2: Final = re.compile(r"[0-9A-Fa-f]{2}")
_HEX4: Final = re.compile(r"[0-9A-Fa-f]{4}")
_BRACED_HEX: Final = re.compile(r"\{([0-9A-Fa-f]+)\}")
_GROUP_NAME: Final = re.compile(r"<([^>]*)>")
_SIMPLE_ESCAPES: Final = {"n": "\\n", "r": "\\r", "t": "\\t", "f": "\\f", "v": "\\v"}
_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")


def _split_astral(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def to_code_units(text: str) -> str:
    """``text`` with every character outside the BMP written as its two UTF-16 surrogates.

    Without the ``u`` flag JavaScript matches code units, so ``.`` or ``{8}`` count an emoji
    twice; running the pattern on this form reproduces that.
    """
    return _ASTRAL.sub(_split_astral, text) if _ASTRAL.search(text) else text


def from_code_units(text: str) -> str:
    """The inverse of :func:`to_code_units`: surrogate pairs joined again, lone surrogates kept."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class RegexError(ValueError):
    """A regular expression apilint cannot run.

    ``offset`` counts from the first character of the source, or of the flags when
    ``in_flags`` is set, so the caller can point into the whole path.
    """

    def __init__(self, message: str, offset: int, *, in_flags: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.in_flags = in_flags


class _Atom:
    """One item inside a character class: a character, or a shorthand's class body."""

    __slots__ = ("body", "char", "negated")

    def __init__(self, *, char: str | None = None, body: str = "", negated: bool = False) -> None:
        self.char = char
        self.body = body
        self.negated = negated


class _Translator:
    def __init__(self, source: str, *, dotall: bool, multiline: bool, unicode: bool) -> None:
        self.source = source
        self.dotall = dotall
        self.multiline = multiline
        self.unicode = unicode

    def translate(self) -> str:
        source = self.source
        out: list[str] = []
        i = 0
        while i < len(source):
            char = source[i]
            if char == "\\":
                i, piece = self._escape_outside(i)
                out.append(piece)
                continue
            if char == "[":
                i, piece = self._character_class(i)
                out.append(piece)
                continue
            if char == "(":
                i, piece = self._group_opening(i)
                out.append(piece)
                continue
            if char == "{":
                quantifier = _QUANTIFIER.match(source, i)
                if quantifier:
                    out.append(quantifier.group())
                    i = quantifier.end()
                    continue
                out.append("\\{")
            elif char == ".":
                out.append("[\\s\\S]" if self.dotall else f"[^{_TERMINATORS}]")
            elif char == "^":
                out.append(f"(?:(?<![\\s\\S])|(?<=[{_TERMINATORS}]))" if self.multiline else "(?<![\\s\\S])")
            elif char == "$":
                out.append(f"(?=[{_TERMINATORS}]|(?![\\s\\S]))" if self.multiline else "(?![\\s\\S])")
            elif char in ")|*+?":
                out.append(char)
            else:
                out.append(re.escape(char))
            i += 1
        return "".join(out)

    def _group_opening(self, i: int) -> tuple[int, str]:
        source = self.source
        if not source.startswith("(?", i):
            return i + 1, "("
        for opening in ("(?:", "(?=", "(?!", "(?<=", "(?<!"):
            if source.startswith(opening, i):
                return i + len(opening), opening
        name = _GROUP_NAME.match(source, i + 2)
        if name:
            return name.end(), f"(?P<{name.group(1)}>"
        raise RegexError("this group syntax is not supported", i)

    def _escape_outside(self, i: int) -> tuple[int, str]:
        source = self.source
        if i + 1 >= len(source):
            raise RegexError("the pattern ends with a lone backslash", i)
        char = source[i + 1]
        if char in _SHORTHANDS:
            return i + 2, f"[{_SHORTHANDS[char]}]"
        if char.lower() in _SHORTHANDS:
            return i + 2, f"[^{_SHORTHANDS[char.lower()]}]"
        if char == "b":
            return i + 2, _WORD_BOUNDARY
        if char == "B":
            return i + 2, _NOT_WORD_BOUNDARY
        if char in "123456789":
            end = i + 2
            while end < len(source) and source[end].isdigit():
                end += 1
            return end, f"(?:\\{source[i + 1 : end]})"
        if char == "k":
            name = _GROUP_NAME.match(source, i + 2)
            if name:
                return name.end(), f"(?P={name.group(1)})"
        end, literal = self._escaped_character(i)
        return end, literal

    def _escaped_character(self, i: int) -> tuple[int, str]:
        """An escape that stands for one character: the Python spelling of that character."""
        source = self.source
        char = source[i + 1]
        if char in _SIMPLE_ESCAPES:
            return i + 2, _SIMPLE_ESCAPES[char]
        if char == "0":
            if i + 2 < len(source) and source[i + 2].isdigit():
                raise RegexError("octal escapes are not supported", i)
            return i + 2, "\\x00"
        if char == "c" and i + 2 < len(source) and source[i + 2].isascii() and source[i + 2].isalpha():
            return i + 3, f"\\x{ord(source[i + 2]) % 32:02x}"
        if char == "x" and _HEX2.match(source, i + 2):
            return i + 4, f"\\x{source[i + 2 : i + 4]}"
        if char == "u":
            return self._unicode_escape(i)
        if char in "pP" and self.unicode:
            raise RegexError("Unicode property escapes (\\p{...}) are not supported", i)
        if char.isdigit():
            raise RegexError("octal escapes are not supported", i)
        return i + 2, re.escape(char)

    def _unicode_escape(self, i: int) -> tuple[int, str]:
        source = self.source
        if self.unicode:
            braced = _BRACED_HEX.match(source, i + 2)
            if braced:
                code = int(braced.group(1), 16)
                if code > 0x10FFFF:
                    raise RegexError("the code point is out of range", i)
                return braced.end(), f"\\U{code:08x}"
        if not _HEX4.match(source, i + 2):
            return i + 2, "u"
        code = int(source[i + 2 : i + 6], 16)
        end = i + 6
        # With "u" a surrogate pair spelled as two escapes is one character; without it, two code units.
        if (self.unicode and 0xD800 <= code <= 0xDBFF and source.startswith("\\u", end)
                and _HEX4.match(source, end + 2)):
            low = int(source[end + 2 : end + 6], 16)
            if 0xDC00 <= low <= 0xDFFF:
                combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                return end + 6, f"\\U{combined:08x}"
        return end, f"\\u{code:04x}"

    def _class_atom(self, i: int) -> tuple[int, _Atom]:
        source = self.source
        if source[i] != "\\":
            return i + 1, _Atom(char=re.escape(source[i]))
        if i + 1 >= len(source):
            raise RegexError("the pattern ends with a lone backslash", i)
        char = source[i + 1]
        if char in _SHORTHANDS:
            return i + 2, _Atom(body=_SHORTHANDS[char])
        if char.lower() in _SHORTHANDS:
            return i + 2, _Atom(body=_SHORTHANDS[char.lower()], negated=True)
        if char == "b":
            return i + 2, _Atom(char="\\x08")
        if char == "-":
            return i + 2, _Atom(char="\\-")
        end, literal = self._escaped_character(i)
        return end, _Atom(char=literal)

    def _character_class(self, start: int) -> tuple[int, str]:
        source = self.source
        i = start + 1
        negate = source.startswith("^", i)
        if negate:
            i += 1
        if source.startswith("]", i):
            return i + 1, "[\\s\\S]" if negate else "(?!)"
        pieces: list[str] = []
        negated_bodies: list[str] = []
        while True:
            if i >= len(source):
                raise RegexError("a character class is not closed", start)
            if source[i] == "]":
                i += 1
                break
            i, atom = self._class_atom(i)
            if atom.char is not None and source.startswith("-", i) and i + 1 < len(source) and source[i + 1] != "]":
                after, upper = self._class_atom(i + 1)
                if upper.char is not None:
                    if _class_char_code(atom.char) > _class_char_code(upper.char):
                        raise RegexError("a character range is out of order", start)
                    pieces.append(f"{atom.char}-{upper.char}")
                    i = after
                    continue
            if atom.char is not None:
                pieces.append(atom.char)
            elif atom.negated:
                negated_bodies.append(atom.body)
            else:
                pieces.append(atom.body)
        body = "".join(pieces)
        if not negated_bodies:
            return i, f"[{'^' if negate else ''}{body}]"
        # Python classes cannot hold a negated shorthand next to other items; spell the set out.
        if not negate:
            alternatives = ([f"[{body}]"] if body else []) + [f"[^{negated}]" for negated in negated_bodies]
            return i, "(?:" + "|".join(alternatives) + ")"
        outside = f"(?![{body}])" if body else ""
        inside = "".join(f"(?=[{negated}])" for negated in negated_bodies[:-1])
        return i, f"(?:{outside}{inside}[{negated_bodies[-1]}])"


def _class_char_code(spelling: str) -> int:
    # The code point a class item spells; used only to order range ends.
    if spelling.startswith("\\x"):
        return int(spelling[2:], 16)
    if spelling.startswith("\\u") or spelling.startswith("\\U"):
        return int(spelling[2:], 16)
    if spelling in ("\\n", "\\r", "\\t", "\\f", "\\v"):
        return ord({"n": "\n", "r": "\r", "t": "\t", "f": "\f", "v": "\v"}[spelling[1]])
    return ord(spelling[-1])


def _check_flags(flags: str) -> None:
    for offset, flag in enumerate(flags):
        if flag not in SUPPORTED_FLAGS:
            raise RegexError(f"the regular-expression flag {flag!r} is not supported", offset, in_flags=True)
        if flag in flags[:offset]:
            raise RegexError(f"the regular-expression flag {flag!r} is repeated", offset, in_flags=True)


@lru_cache(maxsize=512)
def compile_js_regex(source: str, flags: str = "") -> re.Pattern[str]:
    """Compile a JavaScript regular expression for Python.

    Raises :class:`RegexError` when the expression cannot be run faithfully.
    """
    _check_flags(flags)
    if "u" not in flags:
        source = to_code_units(source)
    translated = _Translator(source, dotall="s" in flags, multiline="m" in flags, unicode="u" in flags).translate()
    try:
        return re.compile(translated, re.IGNORECASE if "i" in flags else 0)
    except re.error as error:
        raise RegexError(f"unsupported regular expression: {error.msg}", 0) from None
