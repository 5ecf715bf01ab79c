"""JSON is read exactly as JSON, with positions, duplicate keys and syntax errors reported."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any

import pytest

from apilint.document import Document
from apilint.json_reader import _parse as parse_positioned
from apilint.json_reader import read_json
from apilint.pointer import join_pointer
from apilint.reading import ReadResult
from apilint.sourcemap import LineIndex, SourceSequence
from apilint.yaml_reader import read_yaml
from tests import corpus

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


# -- the fast way (the C parser, positions on demand) against the positioned parser


def _slow(text: str) -> ReadResult:
    result = ReadResult()
    parse_positioned(text, result)
    return result


def _as_document(text: str, result: ReadResult) -> Document:
    return Document.of("file:///x.json", "x.json", text, result)


def _pointers(data: Any, base: str = "") -> Iterator[str]:
    yield base
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _pointers(value, join_pointer(base, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _pointers(value, join_pointer(base, index))


def _written(value: Any, spaces: random.Random) -> str:
    """``value`` as JSON with random whitespace between every two tokens."""

    def gap() -> str:
        return "".join(spaces.choice(" \t\n\r") for _ in range(spaces.choice((0, 0, 1, 3))))

    if isinstance(value, dict):
        members = [f"{gap()}{json.dumps(key)}{gap()}:{gap()}{_written(item, spaces)}{gap()}"
                   for key, item in value.items()]
        return "{" + ",".join(members) + gap() + "}"
    if isinstance(value, list):
        return "[" + ",".join(f"{gap()}{_written(item, spaces)}{gap()}" for item in value) + gap() + "]"
    return json.dumps(value, ensure_ascii=spaces.random() < 0.5)


def _corpus_texts() -> Iterator[tuple[str, str]]:
    spaces = random.Random(20261202)
    for project in corpus.projects():
        for name, content in {"root": project.document, **project.files}.items():
            data = read_yaml(content).data if isinstance(content, str) else content
            try:
                json.dumps(data, allow_nan=False)
            except (TypeError, ValueError):
                continue  # not JSON data (an infinite float, say)
            yield f"{project.name}:{name}", _written(data, spaces)


def test_both_ways_give_the_same_data_and_positions_on_the_corpus() -> None:
    compared = 0
    for name, text in _corpus_texts():
        fast, slow = read_json(text), _slow(text)
        assert fast.positions is not None and not fast.problems, name
        assert (fast.data, fast.nodes, fast.depth, fast.root_start, fast.root_end) == \
            (slow.data, slow.nodes, slow.depth, slow.root_start, slow.root_end), name
        fast_document, slow_document = _as_document(text, fast), _as_document(text, slow)
        for pointer in _pointers(slow.data):
            assert fast_document.locate(pointer) == slow_document.locate(pointer), (name, pointer)
        for missing in ("/nowhere", "/0/nowhere", "/paths/~1x/get/9"):
            assert fast_document.locate(missing) == slow_document.locate(missing), (name, missing)
        for offset in range(0, len(text), max(1, len(text) // 200)):
            assert fast_document.pointer_at(offset) == slow_document.pointer_at(offset), (name, offset)
        compared += 1
    assert compared > 500


@pytest.mark.parametrize(("text", "kind"), [
    ('{"a": 1, "a": 2}', "duplicate-key"),  # the C parser keeps the last silently
    ('{"a": NaN}', "syntax-error"), ("[Infinity]", "syntax-error"), ("[-Infinity]", "syntax-error"),
    ('["\\ud800"]', "syntax-error"),  # a lone surrogate: no character
    ("[1" + "0" * 5000 + "]", None),  # longer than Python turns into an int: read as JavaScript does
    ("[" * 3000 + "]" * 3000, None),  # deeper than the C parser goes
    ('{"a": 1} x', "syntax-error"), ('{"a": }', "syntax-error"),
])
def test_what_the_fast_way_refuses_is_read_the_slow_way(text: str, kind: str | None) -> None:
    result = read_json(text)
    assert result.positions is None
    assert [problem.kind for problem in result.problems] == ([kind] if kind else [])
    if kind is None:
        assert result.nodes > 1 and isinstance(result.data, SourceSequence)
