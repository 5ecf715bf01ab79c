"""JavaScript regular expressions, run with Python's ``re``.

Rulesets are written for Spectral, so their patterns (the ``pattern`` function's ``match`` and
``notMatch``, the ``pattern`` keyword inside ``schema``, ``.match()`` in JSONPath filters) are
JavaScript regular expressions. The two dialects look alike but differ in ways that change results:
in JavaScript ``$`` does not match before a final newline, ``\\d`` and ``\\w`` are ASCII-only, ``\\a``
is the letter "a", ``[]`` matches nothing, a backreference to a group that has not matched is empty,
and named groups are written ``(?<name>...)``. So a pattern is parsed as JavaScript and rewritten into
an equivalent Python pattern rather than handed to ``re`` as it is.

Supported: the flags ``d g i m s u y`` (``d`` and ``g`` do not change whether a string matches),
every construct of ES2018+ patterns except Unicode property escapes (``\\p{...}``), the ``v``
flag and variable-length lookbehind, which raise :class:`JsRegexError`. A caller may accept fewer
flags (``supported_flags``). Without the ``u`` flag the legacy (Annex B) syntax is accepted, as
browsers and Node.js do, and pattern and text are seen as UTF-16 code units, so ``.`` does not match
an emoji (two code units) there; with ``u`` they are seen as code points. :meth:`JsRegex.test` takes
care of that; a caller that runs :attr:`JsRegex.compiled` itself converts the text with
:func:`to_code_units`, and what it finds back with :func:`from_code_units`. Case-insensitive matching
follows Python's Unicode case folding, which differs from JavaScript's for a handful of letters (such
as the long s, U+017F, and the Kelvin sign).

Patterns come from rulesets and documents, which are untrusted input: a pattern with nested
quantifiers can take exponential time on a crafted string (catastrophic backtracking). Python's
``re`` cannot be interrupted, so patterns run on the ``regex`` engine, which takes a time limit:
a match that runs longer than :data:`MATCH_TIMEOUT_SECONDS` raises :class:`PatternTimeout`, which
the rule runner reports as a finding that says the rule was cut short. ``regex`` also runs the
variable-length lookbehind that JavaScript allows. Compiled patterns are cached so each is
parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

__all__ = ["MATCH_TIMEOUT_SECONDS", "JsRegex", "JsRegexError", "PatternTimeout", "compile_js_regex",
           "compile_pattern_option", "from_code_units",
           "split_regex_literal", "to_code_units", "translate_js_regex"]


class JsRegexError(ValueError):
    """A pattern that is not valid JavaScript, or that Python cannot run with the same meaning.

    :attr:`message` says what is wrong. :attr:`offset` says where, in characters from the start of
    the pattern, or of the flags when :attr:`in_flags` is set, so that a caller can point into the
    text the pattern came from; it is ``None`` when the fault has no single place (Python's ``re``
    refusing the translated pattern, nesting too deep). ``str()`` is the message with that position.
    """

    def __init__(self, message: str, offset: int | None = None, *, in_flags: bool = False) -> None:
        # A flag's message names the flag, so only positions in the pattern are spelled out.
        located = offset is not None and not in_flags
        super().__init__(f"{message} (at position {offset})" if located else message)
        self.message = message
        self.offset = offset
        self.in_flags = in_flags


# Spectral's own rule for "/body/flags": the body is one line, the flags lower-case letters.
_LITERAL = re.compile(r"/([^\n\r\u2028\u2029]+)/([a-z]*)\Z")
# Every flag JavaScript knows, and those a pattern may carry here: all but v, which has no translation.
_FLAGS = "dgimsuvy"
_TRANSLATABLE_FLAGS = "dgimsuy"
_QUANTIFIER_BRACES = re.compile(r"\{(\d+)(,(\d*))?\}")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_CODE_POINT = re.compile(r"\{([0-9A-Fa-f]+)\}")
_SYNTAX_CHARACTERS = "^$\\.*+?()[]{}|/"
_DECIMAL = re.compile(r"[0-9]+")
# Python refuses repetition counts from this value up.
_MAX_REPEAT = 4294967295

_Ranges = tuple[tuple[int, int], ...]
_DIGITS: _Ranges = ((0x30, 0x39),)
_WORD: _Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
# JavaScript's WhiteSpace and LineTerminator; Python's \s also has \x1c-\x1f and \x85, and lacks \ufeff.
_SPACE: _Ranges = ((0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A), (0x2028, 0x2029),
                   (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF))
_LINE_TERMINATORS: _Ranges = ((0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029))
_SETS = {"d": _DIGITS, "w": _WORD, "s": _SPACE}
_ANY = r"[\s\S]"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _surrogate_pair(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))


def to_code_units(text: str) -> str:
    """``text`` as JavaScript stores it: characters beyond U+FFFF become two surrogate code units.

    Without the ``u`` flag a pattern is translated for this form, so that ``.`` or ``{2}`` count an
    emoji twice, as JavaScript does.
    """
    return _ASTRAL.sub(_surrogate_pair, text) if _ASTRAL.search(text) else text


def from_code_units(text: str) -> str:
    """The inverse of :func:`to_code_units`: surrogate pairs joined again, lone surrogates kept."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def _char(code: int) -> str:
    """One code point as a Python pattern; everything but ASCII letters and digits is written as a hex escape."""
    if code < 0x80 and chr(code).isalnum():
        return chr(code)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _class_body(ranges: _Ranges | list[tuple[int, int]]) -> str:
    return "".join(_char(low) if low == high else f"{_char(low)}-{_char(high)}" for low, high in ranges)


def _class(ranges: _Ranges | list[tuple[int, int]], negated: bool = False,
           negated_sets: tuple[_Ranges, ...] | list[_Ranges] = ()) -> str:
    if not negated_sets:
        if not ranges:
            # JavaScript's [] matches nothing and [^] matches anything; Python reads both differently.
            return _ANY if negated else "(?!)"
        return f"[{'^' if negated else ''}{_class_body(ranges)}]"
    # Python has no "not a digit" inside a class with JavaScript's meaning, so [a\D] becomes a union.
    union = "|".join(([f"[{_class_body(ranges)}]"] if ranges else []) +
                     [f"[^{_class_body(excluded)}]" for excluded in negated_sets])
    return f"(?:(?!{union}){_ANY})" if negated else f"(?:{union})"


_WORD_CLASS = _class(_WORD)
_WORD_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?!{_WORD_CLASS})|(?<!{_WORD_CLASS})(?={_WORD_CLASS}))"
_NOT_WORD_BOUNDARY = f"(?:(?<={_WORD_CLASS})(?={_WORD_CLASS})|(?<!{_WORD_CLASS})(?!{_WORD_CLASS}))"
_LINE_START = f"(?:\\A|(?<={_class(_LINE_TERMINATORS)}))"
_LINE_END = f"(?={_class(_LINE_TERMINATORS)}|\\Z)"


def _is_digit(char: str) -> bool:
    # str.isdigit() also accepts "²" and other scripts' digits; JavaScript means 0-9 only.
    return len(char) == 1 and "0" <= char <= "9"


def _valid_group_name(name: str) -> bool:
    if not name or not (name[0] == "$" or name[0].isidentifier()):
        return False
    return all(char in "$\u200c\u200d" or ("a" + char).isidentifier() for char in name[1:])


def _scan_groups(source: str) -> tuple[int, dict[str, int]]:
    """How many capturing groups the whole pattern has, and the number of each named one.

    JavaScript decides whether ``\\5`` is a backreference, and whether ``\\k`` is one, by looking at
    the whole pattern, groups after the escape included.
    """
    count = 0
    names: dict[str, int] = {}
    position, length = 0, len(source)
    while position < length:
        char = source[position]
        if char == "\\":
            position += 2
            continue
        if char == "[":
            position += 1
            if position < length and source[position] == "^":
                position += 1
            while position < length and source[position] != "]":
                position += 2 if source[position] == "\\" else 1
        elif char == "(":
            if not source.startswith("(?", position):
                count += 1
            elif source.startswith("(?<", position) and not source.startswith(("(?<=", "(?<!"), position):
                count += 1
                end = source.find(">", position)
                if end != -1:
                    names.setdefault(source[position + 3:end], count)
        position += 1
    return count, names


class _Translator:
    def __init__(self, source: str, flags: str) -> None:
        self.unicode = "u" in flags
        self.written = source
        self.source = source if self.unicode else to_code_units(source)
        self.position = 0
        self.dot_all = "s" in flags
        self.multiline = "m" in flags
        self.total_groups, self.group_names = _scan_groups(self.source)
        self.opened = 0
        self.open_groups: list[int] = []
        self.names_seen: set[str] = set()

    # -- reading

    def _peek(self, offset: int = 0) -> str:
        index = self.position + offset
        return self.source[index] if index < len(self.source) else ""

    def _error(self, message: str, at: int | None = None) -> JsRegexError:
        """An error at ``at``, the start of the faulty construct, or else at the current position."""
        return JsRegexError(message, self._written_offset(self.position if at is None else at))

    def _written_offset(self, position: int) -> int:
        # Positions count code units of self.source; callers point into the pattern as written.
        if len(self.source) == len(self.written):
            return position
        units = 0
        for index, char in enumerate(self.written):
            if units >= position:
                return index
            units += 2 if char > "\uffff" else 1
        return len(self.written)

    # -- grammar

    def translate(self) -> str:
        result = self._disjunction()
        if self.position < len(self.source):
            raise self._error("unmatched ')'")
        return result

    def _disjunction(self) -> str:
        alternatives = [self._alternative()]
        while self._peek() == "|":
            self.position += 1
            alternatives.append(self._alternative())
        return "|".join(alternatives)

    def _alternative(self) -> str:
        terms: list[str] = []
        while self.position < len(self.source) and self.source[self.position] not in "|)":
            terms.append(self._term())
        return "".join(terms)

    def _term(self) -> str:
        char = self.source[self.position]
        quantifiable = True
        if char == "^":
            self.position += 1
            atom, quantifiable = (_LINE_START if self.multiline else r"\A"), False
        elif char == "$":
            self.position += 1
            atom, quantifiable = (_LINE_END if self.multiline else r"\Z"), False
        elif char == "\\":
            atom, quantifiable = self._atom_escape()
        elif char == "(":
            atom, quantifiable = self._group()
        elif char == "[":
            atom = self._character_class()
        elif char == ".":
            self.position += 1
            atom = _ANY if self.dot_all else _class(_LINE_TERMINATORS, negated=True)
        elif char in "*+?" or (char == "{" and _QUANTIFIER_BRACES.match(self.source, self.position)):
            raise self._error("nothing to repeat")
        elif char in "{}]" and self.unicode:
            raise self._error(f"lone '{char}' (escape it with a backslash)")
        else:
            self.position += 1
            atom = _char(ord(char))
        quantifier_start = self.position
        quantifier = self._quantifier()
        if quantifier and not quantifiable:
            raise self._error("nothing to repeat", quantifier_start)
        return atom + quantifier

    def _quantifier(self) -> str:
        char = self._peek()
        if char in ("*", "+", "?"):
            self.position += 1
            quantifier = char
        elif char == "{":
            match = _QUANTIFIER_BRACES.match(self.source, self.position)
            if match is None:
                if self.unicode:
                    raise self._error("incomplete quantifier")
                return ""
            low = int(match.group(1))
            high = None if match.group(2) is None else (int(match.group(3)) if match.group(3) else -1)
            if high is not None and high != -1 and high < low:
                raise self._error("numbers out of order in {} quantifier")
            if max(low, high or 0) >= _MAX_REPEAT:
                raise self._error("repetition count too large")
            self.position = match.end()
            quantifier = f"{{{low}}}" if high is None else (f"{{{low},}}" if high == -1 else f"{{{low},{high}}}")
        else:
            return ""
        if self._peek() == "?":
            self.position += 1
            quantifier += "?"
        return quantifier

    def _group(self) -> tuple[str, bool]:
        source, start = self.source, self.position
        capture = False
        quantifiable = True
        if source.startswith(("(?:", "(?=", "(?!"), start):
            prefix = source[start:start + 3]
            self.position += 3
            # Annex B lets a lookahead be repeated; the u flag does not.
            quantifiable = prefix == "(?:" or not self.unicode
        elif source.startswith(("(?<=", "(?<!"), start):
            prefix = source[start:start + 4]
            self.position += 4
            quantifiable = False
        elif source.startswith("(?<", start):
            end = source.find(">", start)
            name = source[start + 3:end] if end != -1 else ""
            if not _valid_group_name(name):
                raise self._error(f"invalid capture group name {name!r}")
            if name in self.names_seen:
                raise self._error(f"duplicate capture group name {name!r}")
            self.names_seen.add(name)
            self.position = end + 1
            prefix, capture = "(", True
        elif source.startswith("(?", start):
            construct = source[start:start + 4]
            hint = " (JavaScript writes named groups as (?<name>...))" if construct.startswith("(?P") else ""
            raise self._error(f"unsupported group syntax {construct!r}{hint}")
        else:
            self.position += 1
            prefix, capture = "(", True
        if capture:
            self.opened += 1
            self.open_groups.append(self.opened)
        body = self._disjunction()
        if self._peek() != ")":
            raise self._error("missing ')' (the group is not closed)", start)
        self.position += 1
        if capture:
            self.open_groups.pop()
        return f"{prefix}{body})", quantifiable

    # -- escapes

    def _atom_escape(self) -> tuple[str, bool]:
        start = self.position
        self.position += 1
        if self.position >= len(self.source):
            raise self._error("'\\' at end of pattern", start)
        char = self.source[self.position]
        self.position += 1
        if char == "b":
            return _WORD_BOUNDARY, False
        if char == "B":
            return _NOT_WORD_BOUNDARY, False
        if char.lower() in _SETS:
            return _class(_SETS[char.lower()], negated=char.isupper()), True
        if char in "123456789":
            self.position -= 1
            match = _DECIMAL.match(self.source, self.position)
            assert match is not None
            number = int(match.group())
            if number <= self.total_groups:
                self.position = match.end()
                return self._backreference(number), True
            if self.unicode:
                raise self._error(f"reference to group {number}, which does not exist", start)
            return _char(self._legacy_octal()), True
        if char == "0":
            if _is_digit(self._peek()):
                if self.unicode:
                    raise self._error("invalid escape '\\0' followed by a digit", start)
                self.position -= 1
                return _char(self._legacy_octal()), True
            return _char(0), True
        if char == "k" and (self.unicode or self.group_names):
            end = self.source.find(">", self.position)
            if self._peek() != "<" or end == -1:
                raise self._error("invalid named reference", start)
            name = self.source[self.position + 1:end]
            if name not in self.group_names:
                raise self._error(f"reference to group {name!r}, which does not exist", start)
            self.position = end + 1
            return self._backreference(self.group_names[name]), True
        return _char(self._character_escape(char, start, in_class=False)), True

    def _backreference(self, number: int) -> str:
        if number > self.opened or number in self.open_groups:
            # In JavaScript a group that has not finished matching is empty; Python refuses the reference.
            return "(?:)"
        # Likewise a group that did not take part in the match: Python would fail, JavaScript matches "".
        return f"(?({number})\\{number})"

    def _legacy_octal(self) -> int:
        first = self.source[self.position]
        if first in "89":
            self.position += 1
            return ord(first)
        limit = 3 if first in "0123" else 2
        digits = ""
        while len(digits) < limit and self._peek() != "" and self._peek() in "01234567":
            digits += self._peek()
            self.position += 1
        return int(digits, 8)

    def _character_escape(self, char: str, start: int, *, in_class: bool) -> int:
        """The character the escape ``\\char`` stands for; ``start`` is where its backslash is."""
        controls = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
        if char in controls:
            return controls[char]
        if char == "c":
            letter = self._peek()
            if (letter.isascii() and letter.isalpha()) or (in_class and not self.unicode and letter
                                                            and (_is_digit(letter) or letter == "_")):
                self.position += 1
                return ord(letter) % 32
            if self.unicode:
                raise self._error("invalid control escape '\\c'", start)
            # Annex B: the backslash stands for itself and the "c" is read again as a literal.
            self.position -= 1
            return ord("\\")
        if char == "x":
            match = _HEX2.match(self.source, self.position)
            if match:
                self.position = match.end()
                return int(match.group(), 16)
            if self.unicode:
                raise self._error("invalid escape '\\x'", start)
            return ord("x")
        if char == "u":
            return self._unicode_escape(start)
        if char in "pP" and self.unicode:
            raise self._error("Unicode property escapes (\\p{...}, \\P{...}) are not supported", start)
        if char in _SYNTAX_CHARACTERS or (char == "-" and in_class):
            return ord(char)
        if self.unicode:
            raise self._error(f"invalid escape '\\{char}'", start)
        return ord(char)

    def _unicode_escape(self, start: int) -> int:
        if self.unicode and self._peek() == "{":
            braces = _CODE_POINT.match(self.source, self.position)
            if braces is None or int(braces.group(1), 16) > 0x10FFFF:
                raise self._error("invalid escape '\\u{...}'", start)
            self.position = braces.end()
            return int(braces.group(1), 16)
        match = _HEX4.match(self.source, self.position)
        if match is None:
            if self.unicode:
                raise self._error("invalid escape '\\u'", start)
            return ord("u")
        self.position = match.end()
        code = int(match.group(), 16)
        # With the u flag a surrogate pair written as two escapes is one character.
        if self.unicode and 0xD800 <= code <= 0xDBFF and self.source.startswith("\\u", self.position):
            low = _HEX4.match(self.source, self.position + 2)
            if low and 0xDC00 <= int(low.group(), 16) <= 0xDFFF:
                self.position = low.end()
                return 0x10000 + ((code - 0xD800) << 10) + (int(low.group(), 16) - 0xDC00)
        return code

    # -- character classes

    def _character_class(self) -> str:
        start = self.position
        self.position += 1
        negated = self._peek() == "^"
        if negated:
            self.position += 1
        ranges: list[tuple[int, int]] = []
        negated_sets: list[_Ranges] = []

        def add(item: int | str) -> None:
            if isinstance(item, int):
                ranges.append((item, item))
            elif item.islower():
                ranges.extend(_SETS[item])
            else:
                negated_sets.append(_SETS[item.lower()])

        while True:
            if self.position >= len(self.source):
                raise self._error("missing ']' (the character class is not closed)", start)
            if self._peek() == "]":
                self.position += 1
                break
            low_start = self.position
            low = self._class_atom()
            if self._peek() == "-" and self._peek(1) not in ("]", ""):
                self.position += 1
                high = self._class_atom()
                if isinstance(low, int) and isinstance(high, int):
                    if low > high:
                        raise self._error("range out of order in character class", low_start)
                    ranges.append((low, high))
                    continue
                if self.unicode:
                    raise self._error("a class escape such as \\d cannot bound a range", low_start)
                # Annex B: next to \d and the like, "-" is a literal dash.
                add(low)
                add(0x2D)
                add(high)
                continue
            add(low)
        return _class(ranges, negated, negated_sets)

    def _class_atom(self) -> int | str:
        start = self.position
        char = self.source[self.position]
        self.position += 1
        if char != "\\":
            return ord(char)
        if self.position >= len(self.source):
            raise self._error("'\\' at end of pattern", start)
        char = self.source[self.position]
        self.position += 1
        if char.lower() in _SETS:
            return char
        if char == "b":
            return 0x08
        if _is_digit(char):
            if char == "0" and not _is_digit(self._peek()):
                return 0
            if self.unicode:
                raise self._error(f"invalid escape '\\{char}' in a character class", start)
            self.position -= 1
            return self._legacy_octal()
        if char in "Bk" and self.unicode:
            raise self._error(f"invalid escape '\\{char}' in a character class", start)
        return self._character_escape(char, start, in_class=True)


def _spell(flags: str) -> str:
    return f"{', '.join(flags[:-1])} and {flags[-1]}" if len(flags) > 1 else flags


def _check_flags(flags: str, supported: str) -> None:
    for index, flag in enumerate(flags):
        if flag not in _FLAGS:
            raise JsRegexError(f"unknown flag {flag!r} (JavaScript's flags are {_spell(_FLAGS)})", index,
                               in_flags=True)
        if flag in flags[:index]:
            raise JsRegexError(f"flag {flag!r} is given twice (a flag may not be repeated)", index, in_flags=True)
        if flag == "v":
            raise JsRegexError("the 'v' flag (Unicode sets) is not supported; the 'u' flag is", index, in_flags=True)
        if flag not in supported:
            raise JsRegexError(f"flag {flag!r} is not supported here (only {_spell(supported)})", index,
                               in_flags=True)


def translate_js_regex(source: str, flags: str = "", *,
                       supported_flags: str = _TRANSLATABLE_FLAGS) -> tuple[str, int]:
    """The Python pattern and flags (``regex``'s, the same as ``re``'s) for ``new RegExp(source, flags)``.

    Raises :class:`JsRegexError` for invalid JavaScript, for constructs that cannot be translated,
    and for flags outside ``supported_flags`` (a caller may not model what a flag changes). Use the
    result with ``search``: sticky (``y``) patterns are anchored at the start. Without the ``u`` flag
    the pattern expects text as UTF-16 code units (see :func:`to_code_units`).
    """
    _check_flags(flags, supported_flags)
    try:
        pattern = _Translator(source, flags).translate()
    except RecursionError:
        raise JsRegexError("the pattern is nested too deeply") from None
    if "y" in flags:
        # Spectral resets lastIndex to 0 before every test, so a sticky pattern must match at the start.
        pattern = f"\\A(?:{pattern})"
    return pattern, int(regex.IGNORECASE) if "i" in flags else 0


#: How long one match may run. Sane patterns take microseconds on any value a document holds;
#: this only stops runaway backtracking.
MATCH_TIMEOUT_SECONDS = 1.0


class PatternTimeout(Exception):
    """A match ran longer than :data:`MATCH_TIMEOUT_SECONDS`; ``source`` is the JavaScript pattern."""

    def __init__(self, source: str) -> None:
        super().__init__(f"the pattern /{source}/ took longer than {MATCH_TIMEOUT_SECONDS:g} s")
        self.source = source


@dataclass(frozen=True, slots=True)
class JsRegex:
    """A compiled JavaScript regular expression; :meth:`test` is JavaScript's ``RegExp.prototype.test``."""

    source: str
    flags: str
    compiled: regex.Pattern[str]
    #: The text the pattern matches, when it is plain text: found with ``in``, which costs a tenth
    #: of a search under the time limit, on every description of a document.
    literal: str | None = None

    def test(self, text: str) -> bool:
        """Whether the pattern matches ``text``; raises :class:`PatternTimeout` for a runaway match."""
        if self.literal is not None:
            return self.literal in text
        # Without the u flag JavaScript matches UTF-16 code units, and the pattern was translated for them.
        return self.search(text if "u" in self.flags else to_code_units(text)) is not None

    def search(self, text: str) -> regex.Match[str] | None:
        """``compiled.search`` within the time limit; ``text`` is code units unless the u flag is set."""
        try:
            return self.compiled.search(text, timeout=MATCH_TIMEOUT_SECONDS)
        except TimeoutError:
            raise PatternTimeout(self.source) from None

    def find_all(self, text: str) -> list[str]:
        """Every match's text, as ``String.prototype.match`` with the g flag; the time limit is for them all."""
        try:
            return [found.group(0) for found in self.compiled.finditer(text, timeout=MATCH_TIMEOUT_SECONDS)]
        except TimeoutError:
            raise PatternTimeout(self.source) from None


@lru_cache(maxsize=1024)
def compile_js_regex(source: str, flags: str = "", *, supported_flags: str = _TRANSLATABLE_FLAGS) -> JsRegex:
    """``new RegExp(source, flags)``, ready to test strings; raises :class:`JsRegexError` if it cannot be.

    ``supported_flags`` narrows the flags accepted, for callers that cannot honour them all.
    """
    pattern, python_flags = translate_js_regex(source, flags, supported_flags=supported_flags)
    try:
        # VERSION0 is the engine's re-compatible mode, for which the translation is written.
        return JsRegex(source, flags, regex.compile(pattern, python_flags | regex.VERSION0), _literal(source, flags))
    except regex.error as error:
        raise JsRegexError(f"Python cannot run this pattern: {error}") from None
    except (OverflowError, RecursionError) as error:
        raise JsRegexError(f"Python cannot run this pattern: {error}") from None


_SYNTAX = frozenset("\\^$.|?*+()[]{}")


def _literal(source: str, flags: str) -> str | None:
    """The text ``source`` stands for if it is plain text (escaped syntax characters allowed), else None.

    Only where finding that text is exactly what ``test`` does: without ``i`` (case) or ``y`` (where
    the match starts), and with characters of the Basic Multilingual Plane, which are the same
    whether JavaScript reads code units or code points.
    """
    if set(flags) - set("gmsu"):
        return None
    text: list[str] = []
    position = 0
    while position < len(source):
        char = source[position]
        if char == "\\":
            following = source[position + 1:position + 2]
            if following not in _SYNTAX and following != "/":
                return None  # a class (\d), an assertion (\b), an escape (\n) ...
            text.append(following)
            position += 2
            continue
        if char in _SYNTAX or ord(char) > 0xFFFF or 0xD800 <= ord(char) <= 0xDFFF:
            return None
        text.append(char)
        position += 1
    return "".join(text) if text else None


def split_regex_literal(text: str) -> tuple[str, str]:
    """``"/^x-/i"`` gives ``("^x-", "i")``; text not written between slashes is a pattern without flags."""
    match = _LITERAL.match(text)
    return (match.group(1), match.group(2)) if match else (text, "")


@lru_cache(maxsize=1024)
def compile_pattern_option(text: str) -> JsRegex:
    """A ``pattern`` option as Spectral reads it: ``"/body/flags"`` or a bare body."""
    return compile_js_regex(*split_regex_literal(text))
