"""Line and column numbers: what an editor shows for every offset of a text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apilint.sourcemap import LineIndex

# Texts with carriage returns, and (counted in blocks) without.
_TEXTS = st.one_of(st.lists(st.sampled_from(["a", "é", " ", "\n", "\n\n"]), max_size=60).map("".join),
                   st.lists(st.sampled_from(["a", "é", "\n", "\r", "\r\n"]), max_size=60).map("".join))


def _expected(text: str, offset: int) -> tuple[int, int]:
    """Counted the slow way: every line break before ``offset``, and where the last one ends."""
    ends = [found.end() for found in re.finditer(r"\r\n|\r|\n", text) if found.end() <= offset]
    return len(ends) + 1, offset - (ends[-1] if ends else 0) + 1


@settings(max_examples=300, deadline=None)
@given(_TEXTS, st.sampled_from([1, 2, 3, 7, 4096]))
def test_every_offset_has_the_line_and_column_an_editor_shows(text: str, block: int) -> None:
    index = type("SmallBlocks", (LineIndex,), {"BLOCK": block})(text)
    for offset in range(len(text) + 1):
        assert index.position(offset) == _expected(text, offset), (text, offset)
    assert index.position(-5) == (1, 1)
    assert index.position(len(text) + 5) == _expected(text, len(text))


def test_a_large_text_is_counted_in_blocks() -> None:
    text = "".join(f"line {number}\n" * (number % 3) + "x" * (number % 5000) for number in range(400))
    index = LineIndex(text)
    assert index._starts is None  # not a list of every line
    for offset in range(0, len(text), 997):
        assert index.position(offset) == _expected(text, offset)
    assert index.position(len(text)) == _expected(text, len(text))


@pytest.mark.parametrize("text", ["a\nbb\nccc", "a\r\nbb\rccc\n", "", "\n\n"])
def test_line_start_is_where_each_line_begins(text: str) -> None:
    index = LineIndex(text)
    lines = re.split(r"\r\n|\r|\n", text)
    starts = [0]
    for found in re.finditer(r"\r\n|\r|\n", text):
        starts.append(found.end())
    for number, start in enumerate(starts, 1):
        assert index.line_start(number) == start
        assert index.position(start) == (number, 1)
    assert index.line_start(len(lines) + 1) == len(text)
