"""JavaScript regular expressions translated for Python's re: same matches, same refusals."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from apilint.js_regex import (
    JsRegexError,
    compile_js_regex,
    compile_pattern_option,
    split_regex_literal,
    translate_js_regex,
)

# (pattern, flags, subject, whether JavaScript's RegExp.prototype.test matches), as Node.js 20 answered.
MATCHES = [
    ('^a$', '', 'a\n', False),
    ('^a$', '', 'a', True),
    ('a$', 'm', 'a\nb', True),
    ('a$', 'm', 'a\rb', True),
    ('^b', 'm', 'a\u2028b', True),
    ('^b', '', 'a\nb', False),
    ('.', '', '\n', False),
    ('.', '', '\r', False),
    ('.', '', '\u2028', False),
    ('.', 's', '\n', True),
    ('[^]', '', '\n', True),
    ('[]', '', 'a', False),
    ('[^a]', '', '\n', True),
    ('\\d', '', '٣', False),
    ('\\d', '', '7', True),
    ('\\D', '', '٣', True),
    ('\\w', '', 'é', False),
    ('\\W', '', 'é', True),
    ('[\\w-]', '', '-', True),
    ('\\s', '', '\ufeff', True),
    ('\\s', '', '\x85', False),
    ('\\s', '', '\x1c', False),
    ('\\S', '', '\x85', True),
    ('[^\\s]', '', '\ufeff', False),
    ('[a\\D]', '', '5', False),
    ('[^a\\D]', '', '5', True),
    ('\\bé', '', 'aé', True),
    ('a\\b', '', 'aé', True),
    ('\\Ba', '', 'ba', True),
    ('[\\b]', '', '\x08', True),
    ('(a)?b\\1', '', 'b', True),
    ('\\1(a)', '', 'a', True),
    ('(a\\1)', '', 'a', True),
    ('(a)\\1', '', 'aa', True),
    ('(a)\\1', '', 'a', False),
    ('(?<x>a)\\k<x>', '', 'aa', True),
    ('\\k<x>', '', 'k<x>', True),
    ('\\8', '', '8', True),
    ('\\2(a)', '', '\x02a', True),
    ('\\012', '', '\n', True),
    ('\\400', '', ' 0', True),
    ('[\\1]', '', '\x01', True),
    ('\\0', '', '\x00', True),
    ('\\a', '', 'a', True),
    ('\\e', '', 'e', True),
    ('\\A', '', 'A', True),
    ('\\Z', '', 'Z', True),
    ('\\cJ', '', '\n', True),
    ('\\c', '', '\\c', True),
    ('[\\c_]', '', '\x1f', True),
    ('\\x41', '', 'A', True),
    ('\\x4', '', 'x4', True),
    ('\\u0041', '', 'A', True),
    ('\\u{3}', '', 'uuu', True),
    ('\\u{41}', 'u', 'A', True),
    ('\\uD83D\\uDE00', '', '😀', True),
    ('\\p{L}', '', 'p{L}', True),
    ('a{,2}', '', 'a{,2}', True),
    ('a{', '', 'a{', True),
    (']', '', ']', True),
    ('}', '', '}', True),
    ('x{2,3}', '', 'xx', True),
    ('^x{2,3}$', '', 'xxxx', False),
    ('[a-\\d]', '', '-', True),
    ('[\\d-z]', '', '-', True),
    ('[--/]', '', '.', True),
    ('(?=a)*b', '', 'b', True),
    ('a|', '', 'b', True),
    ('(?:ab)+?c', '', 'ababc', True),
    ('(?<=a)b', '', 'ab', True),
    ('(?<!a)b', '', 'ab', False),
    ('A', 'i', 'a', True),
    ('[a-z]', 'i', 'Q', True),
    ('(a)\\1', 'i', 'aA', True),
    ('x', 'y', 'ax', False),
    ('x', 'y', 'xa', True),
    ('a', 'g', 'a', True),
    ('a', 'd', 'a', True),
    ('é', 'u', 'é', True),
    ('\\/', '', '/', True),
    ('[\\-]', 'u', '-', True),
    ('(?<$x>a)', '', 'a', True),
    ('a.c', '', 'a😀c', False),
    ('^.$', 'u', '😀', True),
    ('[\\s\\S]', '', '\n', True),
    ('^.$', '', '😀', False),
    ('^..$', '', '😀', True),
    ('^😀$', '', '😀', True),
    ('^😀{2}$', '', '😀😀', False),
    ('^😀{2}$', 'u', '😀😀', True),
    ('^[😀]$', '', '😀', False),
    ('^[😀]$', 'u', '😀', True),
    ('\\uD83D', '', '😀', True),
    ('\\uD83D', 'u', '😀', False),
    ('^\\uD83D\\uDE00$', 'u', '😀', True),
    ('^.{0,3}$', '', 'ab😀', False),
    ('^[^a]$', '', '😀', False),
    ('^\\S$', '', '😀', False),
]


@pytest.mark.parametrize(("pattern", "flags", "subject", "expected"), MATCHES)
def test_matches_as_javascript_does(pattern: str, flags: str, subject: str, expected: bool) -> None:
    assert compile_js_regex(pattern, flags).test(subject) is expected


# Patterns JavaScript refuses, and the words the error uses.
INVALID = [
    ("(", "", "missing ')'"),
    (")", "", "unmatched ')'"),
    ("[a", "", "missing ']'"),
    ("a**", "", "nothing to repeat"),
    ("*a", "", "nothing to repeat"),
    ("{1}", "", "nothing to repeat"),
    ("^*", "", "nothing to repeat"),
    ("(?<=a)*", "", "nothing to repeat"),
    ("a{2,1}", "", "out of order"),
    ("\\", "", "at end of pattern"),
    ("(?i)a", "", "unsupported group syntax"),
    ("(?P<n>a)", "", "(?<name>...)"),
    ("(?<1a>x)", "", "invalid capture group name"),
    ("(?<a>x)(?<a>y)", "", "duplicate capture group name"),
    ("(?<a>x)\\k<b>", "", "does not exist"),
    ("[z-a]", "", "range out of order"),
    ("\\a", "u", "invalid escape"),
    ("]", "u", "lone ']'"),
    ("{", "u", "lone '{'"),
    ("\\1", "u", "does not exist"),
    ("[\\d-z]", "u", "cannot bound a range"),
    ("\\c", "u", "invalid control escape"),
    ("\\u{110000}", "u", "invalid escape"),
    ("\\k<a", "u", "invalid named reference"),
    ("a", "x", "unknown flag 'x'"),
    ("a", "ii", "given twice"),
]


@pytest.mark.parametrize(("pattern", "flags", "words"), INVALID)
def test_invalid_javascript_is_refused(pattern: str, flags: str, words: str) -> None:
    with pytest.raises(JsRegexError, match=re.escape(words)):
        compile_js_regex(pattern, flags)


# Valid JavaScript that Python's re cannot run with the same meaning.
UNSUPPORTED = [
    ("\\p{L}", "u", "Unicode property escapes"),
    ("\\P{Lu}", "u", "Unicode property escapes"),
    ("[\\p{L}]", "u", "Unicode property escapes"),
    ("a", "v", "'v' flag"),
]


@pytest.mark.parametrize(("pattern", "flags", "words"), UNSUPPORTED)
def test_untranslatable_patterns_are_refused_clearly(pattern: str, flags: str, words: str) -> None:
    with pytest.raises(JsRegexError, match=re.escape(words)):
        compile_js_regex(pattern, flags)


def test_errors_are_value_errors_with_a_position() -> None:
    with pytest.raises(ValueError, match=r"at position \d+"):
        compile_js_regex("ab)")


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(JsRegexError, match=r"nested too deeply|Python cannot run"):
        compile_js_regex("(" * 5000 + ")" * 5000)


@pytest.mark.parametrize(("text", "parts"), [
    ("/^x-/i", ("^x-", "i")),
    ("/^x-/", ("^x-", "")),
    ("^x-", ("^x-", "")),
    ("/a/b/gi", ("a/b", "gi")),
    ("/abc/X", ("/abc/X", "")),
    ("//", ("//", "")),
    ("/a\nb/i", ("/a\nb/i", "")),
])
def test_split_regex_literal(text: str, parts: tuple[str, str]) -> None:
    assert split_regex_literal(text) == parts


def test_pattern_options_are_compiled_once() -> None:
    assert compile_pattern_option("/^x-[a-z]+$/i") is compile_pattern_option("/^x-[a-z]+$/i")


def test_sticky_patterns_are_anchored_at_the_start() -> None:
    pattern, flags = translate_js_regex("b", "y")
    assert pattern.startswith("\\A")
    assert flags == 0
    assert translate_js_regex("b", "i")[1] == re.IGNORECASE


def test_python_only_syntax_means_what_javascript_says() -> None:
    # \Z and \A are letters in JavaScript; Python would read them as anchors.
    assert compile_js_regex("^\\Z$").test("Z")
    assert not compile_js_regex("a\\Z").test("a")


def test_variable_length_lookbehind_runs_as_in_javascript() -> None:
    pattern = compile_js_regex("(?<=a+)b")
    assert pattern.test("aaab") and not pattern.test("cb")


def test_a_runaway_match_is_stopped_at_the_time_limit() -> None:
    import time

    from apilint.js_regex import MATCH_TIMEOUT_SECONDS, PatternTimeout

    catastrophic = compile_js_regex("^(a|aa)+$")
    started = time.monotonic()
    with pytest.raises(PatternTimeout) as raised:
        catastrophic.test("a" * 60 + "!")
    assert time.monotonic() - started < MATCH_TIMEOUT_SECONDS + 2
    assert str(raised.value) == f"the pattern /^(a|aa)+$/ took longer than {MATCH_TIMEOUT_SECONDS:g} s"
    with pytest.raises(PatternTimeout):
        catastrophic.find_all("a" * 60 + "!")


@pytest.mark.parametrize(("source", "flags", "literal"), [
    ("eval\\(", "", "eval("), ("<script", "", "<script"), ("x\\/y", "u", "x/y"), ("a\\.b", "gm", "a.b"),
    ("^x-", "", None), ("a\\d", "", None), ("abc", "i", None), ("abc", "y", None), ("a.b", "", None),
    ("a\\-b", "", None), ("😀", "u", None),
])
def test_plain_text_patterns_are_found_without_a_search(source: str, flags: str, literal: str | None) -> None:
    pattern = compile_js_regex(source, flags)
    assert pattern.literal == literal
    texts = ["", "eval(x)", "<script>", "x/y", "a.b", "a-b", "abc", "ABC", "😀 eval(", "\ud83d", "x😀/y"]
    searched = replace(pattern, literal=None)
    for text in texts:
        assert pattern.test(text) is searched.test(text), text
