"""YAML is read as YAML 1.2, safely, with every problem reported and located."""

from __future__ import annotations

import math

import pytest
from ruamel.yaml import YAML

from apilint.sourcemap import LineIndex
from apilint.yaml_reader import read_yaml, resolve_plain


@pytest.mark.parametrize(
    ("scalar", "expected"),
    [
        ("yes", "yes"), ("on", "on"), ("no", "no"), ("off", "off"), ("y", "y"),
        ("true", True), ("False", False), ("TRUE", True),
        ("~", None), ("null", None), ("", None),
        ("012", 12), ("0o17", 15), ("0x1F", 31), ("-5", -5), ("+5", 5),
        ("1_000", "1_000"), ("12:30", "12:30"), ("2024-01-01", "2024-01-01"),
        ("1.5", 1.5), ("1e3", 1000.0), (".5", 0.5), ("-.inf", -math.inf),
        ("3.0.3", "3.0.3"), ("200", 200),
    ],
)
def test_plain_scalars_follow_the_yaml_1_2_core_schema(scalar: str, expected: object) -> None:
    assert resolve_plain(scalar) == expected
    assert type(resolve_plain(scalar)) is type(expected)
    # Values read from a document, where most plain words take a shorter way, and a list item.
    for read in (read_yaml(f"v: {scalar}\n").data["v"], read_yaml(f"- {scalar}\n").data[0]):
        assert read == expected
        assert type(read) is type(expected)


def test_scalar_resolution_agrees_with_ruamel_yaml_1_2() -> None:
    samples = ["yes", "on", "012", "0o17", "0x1F", "1.5", "1e3", "-.inf", "true", "null", "~", "3.0.3",
               "+12", "-0", "0.", "TRUE", "Null"]
    loader = YAML(typ="safe", pure=True)
    for sample in samples:
        expected = loader.load(f"v: {sample}\n")["v"]
        assert read_yaml(f"v: {sample}\n").data["v"] == expected, sample


def test_nan_is_read() -> None:
    assert math.isnan(read_yaml("v: .nan\n").data["v"])


def test_quoted_scalars_stay_strings() -> None:
    data = read_yaml("a: '1'\nb: \"true\"\nc: |\n  5\n").data
    assert data == {"a": "1", "b": "true", "c": "5\n"}


def test_keys_become_strings_as_written() -> None:
    data = read_yaml("responses:\n  200: {}\n  default: {}\n  true: 1\n").data
    assert list(data["responses"]) == ["200", "default", "true"]


def test_core_tags_convert_and_other_tags_never_construct_objects() -> None:
    data = read_yaml("a: !!str 5\nb: !!int '7'\nc: !!python/object:os.system 'echo hi'\nd: !custom 3\n").data
    assert data == {"a": "5", "b": 7, "c": "echo hi", "d": "3"}


def test_duplicate_keys_are_reported_at_the_second_key_and_the_last_value_wins() -> None:
    result = read_yaml("a: 1\nb: 2\na: 3\n")
    assert result.data == {"a": 3, "b": 2}
    [problem] = result.problems
    assert problem.kind == "duplicate-key"
    assert LineIndex("a: 1\nb: 2\na: 3\n").position(problem.start) == (3, 1)
    assert not problem.fatal


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2),
        ("a: b: c\n", 1, 5),
        ("a: 1\n\tb: 2\n", 2, 1),
        ("a: 'unterminated\n", 2, 1),
        ("a:\n  - 1\n b: 2\n", 3, 2),
    ],
)
def test_syntax_errors_are_fatal_located_problems(text: str, line: int, column: int) -> None:
    result = read_yaml(text)
    assert result.failed and result.data is None
    [problem] = result.problems
    assert problem.kind == "syntax-error"
    assert LineIndex(text).position(problem.start) == (line, column)


def test_undefined_alias_is_a_syntax_error() -> None:
    result = read_yaml("a: *nothing\n")
    assert result.failed
    assert "nothing" in result.problems[0].message


def test_aliases_share_the_anchored_object_instead_of_copying_it() -> None:
    data = read_yaml("a: &x {k: [1, 2]}\nb: *x\nc: *x\n").data
    assert data["a"] is data["b"] is data["c"]


def test_alias_bomb_reads_in_bounded_memory() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    data = read_yaml("\n".join(lines) + "\n").data
    # Expanded, a11 would hold 10^12 strings; shared, it is twelve small lists.
    assert data["a11"][0] is data["a10"]


def test_merge_keys_are_applied_and_own_keys_win() -> None:
    data = read_yaml("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n").data
    assert data["use"] == {"y": 3, "x": 1}


def test_complex_keys_are_reported() -> None:
    result = read_yaml("? [a, b]\n: 1\n")
    assert [problem.kind for problem in result.problems] == ["unsupported-key"]


def test_only_the_first_document_is_read_and_the_rest_reported() -> None:
    result = read_yaml("a: 1\n---\nb: 2\n")
    assert result.data == {"a": 1}
    assert [problem.kind for problem in result.problems] == ["multiple-documents"]


def test_a_comment_only_file_has_no_document() -> None:
    result = read_yaml("# nothing here\n")
    assert result.failed
    assert result.problems[0].kind == "empty-document"


def test_deep_nesting_does_not_exhaust_the_stack() -> None:
    depth = 10_000
    result = read_yaml("[" * depth + "]" * depth + "\n")
    assert not result.failed
    node = result.data
    for _ in range(depth - 1):
        node = node[0]
    assert node == []


def test_scalar_and_list_roots_are_data() -> None:
    assert read_yaml("just text\n").data == "just text"
    assert read_yaml("- 1\n- 2\n").data == [1, 2]


def test_yaml_1_2_plain_scalars_with_colons_in_flow_collections() -> None:
    # libyaml refuses these (YAML 1.1); YAML 1.2 reads them as plain scalars, as Spectral does.
    result = read_yaml("extends: [[spectral:oas, all]]\nservers: [{url: http://x}]\n")
    assert not result.problems
    assert result.data == {"extends": [["spectral:oas", "all"]], "servers": [{"url": "http://x"}]}


def test_text_both_parsers_refuse_is_one_located_syntax_error() -> None:
    result = read_yaml("a: [1, 2\nb: 3\n")
    assert [problem.kind for problem in result.problems] == ["syntax-error"]
    assert result.data is None
