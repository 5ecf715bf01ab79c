"""JSON is read exactly as JSON, with positions, duplicate keys and syntax errors reported."""

from __future__ import annotations

import json

import pytest

from apilint.json_reader import read_json
from apilint.sourcemap import LineIndex

SAMPLES = [
    '{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\n"], "b": {}}',
    "[]",
    '"only a string"',
    "  42  ",
    '{"nested": {"deeper": [[{"k": "v"}]]}}',
]


@pytest.mark.parametrize("text", SAMPLES)
def test_data_equals_the_standard_library(text: str) -> None:
    result = read_json(text)
    assert not result.problems
    assert result.data == json.loads(text)


def test_integers_and_floats_keep_their_types() -> None:
    data = read_json('{"i": 10, "f": 10.0, "e": 1e2, "big": 123456789012345678901234567890}').data
    assert type(data["i"]) is int and type(data["f"]) is float and type(data["e"]) is float
    assert data["big"] == 123456789012345678901234567890


def test_duplicate_keys_are_reported_and_last_wins() -> None:
    text = '{\n  "a": 1,\n  "a": 2\n}'
    result = read_json(text)
    assert result.data == {"a": 2}
    [problem] = result.problems
    assert problem.kind == "duplicate-key" and not problem.fatal
    assert LineIndex(text).position(problem.start) == (3, 3)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('{"a": 1,}', 1, 9, "property name"),
        ("[1, 2", 1, 6, "end of file"),
        ('{"a" 1}', 1, 6, "':'"),
        ("[1,\n 2,\n x]", 3, 2, "expected a value"),
        ("{} {}", 1, 4, "after the end"),
        ('{"a": NaN}', 1, 7, "expected a value"),
        ('["bad \\q escape"]', 1, 7, "invalid string"),
        ("{'single': 1}", 1, 2, "double quotes"),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, column: int, words: str) -> None:
    result = read_json(text)
    assert result.failed and result.data is None
    [problem] = result.problems
    assert problem.kind == "syntax-error"
    assert words in problem.message
    assert LineIndex(text).position(problem.start) == (line, column)


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    depth = 10_000
    result = read_json("[" * depth + "]" * depth)
    assert not result.failed
    assert result.root_end == 2 * depth
