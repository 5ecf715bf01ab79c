"""Ordering as JavaScript's localeCompare gives it, which alphabetical relies on."""

from __future__ import annotations

import pytest

from apilint_functions.comparison import locale_compare

# Pairs in the order Node.js 20 (ICU 78, locale en-US) sorts them.
ORDERED = [
    ("a", "A"), ("A", "b"), ("ab", "aB"), ("aB", "Ab"), ("Ab", "AB"), ("a", "a b"), ("a b", "a_b"), ("a_b", "a-b"),
    ("a-b", "a1"), ("a1", "a10"), ("a10", "a9"), ("a9", "ab"), ("_", "-"), ("-", ","), (",", ";"), (";", ":"),
    (":", "!"), ("!", "?"), ("?", "."), (".", "'"), ("'", '"'), ('"', "("), ("(", ")"), (")", "["), ("[", "]"),
    ("]", "{"), ("{", "}"), ("}", "@"), ("@", "*"), ("*", "/"), ("/", "\\"), ("\\", "&"), ("&", "#"), ("#", "%"),
    ("%", "`"), ("`", "^"), ("^", "+"), ("+", "<"), ("<", "="), ("=", ">"), (">", "|"), ("|", "~"), ("~", "$"),
    ("$", "0"), ("9", "a"), ("\t", " "), ("e", "E"), ("E", "é"), ("é", "f"), ("É", "è"), ("ss", "ß"), ("ß", "st"),
    ("o", "ø"), ("ø", "p"), ("z", "\u03b1"), ("\u03b1", "\u0391"), ("\u0391", "\u03b2"),
]


@pytest.mark.parametrize(("first", "second"), ORDERED)
def test_locale_order(first: str, second: str) -> None:
    assert locale_compare(first, second) == -1
    assert locale_compare(second, first) == 1


@pytest.mark.parametrize(("left", "right"), [("ab", "ab"), ("a\x01b", "ab"), ("", "\x7f")])
def test_equal_strings(left: str, right: str) -> None:
    assert locale_compare(left, right) == 0
