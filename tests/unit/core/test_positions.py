"""Every node can be located: the awkward cases of YAML and JSON text."""

from __future__ import annotations

import pytest

from apilint.document import read_document
from apilint.sourcemap import Span


def locate(text: str | bytes, pointer: str, name: str = "api.yaml") -> Span:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    document = read_document("file:///" + name, name, raw)
    assert document.parsed, document.problems
    return document.span(pointer)


YAML = """\
openapi: 3.1.0
info:
  title: Pets
  version: '1.0'
paths: {}
"""


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("/openapi", Span(1, 1, 1, 15)),
        ("/info", Span(2, 1, 4, 17)),
        ("/info/title", Span(3, 3, 3, 14)),
        ("/info/version", Span(4, 3, 4, 17)),
        ("/paths", Span(5, 1, 5, 10)),
        ("", Span(1, 1, 5, 10)),
    ],
)
def test_yaml_members_span_from_key_to_end_of_value(pointer: str, expected: Span) -> None:
    assert locate(YAML, pointer) == expected


def test_crlf_line_endings_count_as_one_break() -> None:
    text = YAML.replace("\n", "\r\n")
    assert locate(text, "/info/version") == Span(4, 3, 4, 17)
    assert locate(text, "/paths") == Span(5, 1, 5, 10)


def test_utf8_bom_is_not_a_column() -> None:
    raw = b"\xef\xbb\xbf" + YAML.encode()
    assert locate(raw, "/openapi") == Span(1, 1, 1, 15)
    assert locate(raw, "/info/title") == Span(3, 3, 3, 14)


def test_columns_count_code_points_not_bytes() -> None:
    text = "info:\n  title: 'Über 🐍'\n  version: x\n"
    # "Über 🐍" is 6 code points but 10 UTF-8 bytes (and 7 UTF-16 units); columns count code points.
    assert locate(text, "/info/title") == Span(2, 3, 2, 18)
    assert locate(text, "/info/version") == Span(3, 3, 3, 13)


def test_tabs_inside_scalars_are_one_column() -> None:
    text = 'info:\n  title: "a\tb"\n  version: x\n'
    assert locate(text, "/info/title") == Span(2, 3, 2, 15)


def test_multi_line_block_scalar_ends_on_its_last_line() -> None:
    text = "info:\n  description: |\n    first\n    second\n\n  title: t\n"
    assert locate(text, "/info/description") == Span(2, 3, 4, 11)
    assert locate(text, "/info/title") == Span(6, 3, 6, 11)


def test_folded_and_plain_multi_line_scalars() -> None:
    text = "a: >\n  one\n  two\nb: plain\n  continued\nc: 1\n"
    assert locate(text, "/a") == Span(1, 1, 3, 6)
    assert locate(text, "/b") == Span(4, 1, 5, 12)


def test_flow_style_collections() -> None:
    text = "paths: {/a: {get: {responses: [x, {y: 1}]}}}\n"
    assert locate(text, "/paths/~1a/get") == Span(1, 14, 1, 43)
    assert locate(text, "/paths/~1a/get/responses/1") == Span(1, 35, 1, 41)
    assert locate(text, "/paths/~1a/get/responses/1/y") == Span(1, 36, 1, 40)


def test_quoted_keys_start_at_the_quote() -> None:
    text = "'/pets/{id}':\n  \"get\": {}\n"
    assert locate(text, "/~1pets~1{id}") == Span(1, 1, 2, 12)
    assert locate(text, "/~1pets~1{id}/get") == Span(2, 3, 2, 12)


def test_pointer_escapes() -> None:
    text = "a~b/c: 1\n"
    assert locate(text, "/a~0b~1c") == Span(1, 1, 1, 9)


def test_sequence_items() -> None:
    text = "tags:\n  - name: a\n  - name: b\n    description: d\n"
    assert locate(text, "/tags/1") == Span(3, 5, 4, 19)
    assert locate(text, "/tags/1/description") == Span(4, 5, 4, 19)


def test_missing_node_falls_back_to_nearest_written_ancestor() -> None:
    document = read_document("file:///a.yaml", "a.yaml", YAML.encode())
    text_range, located = document.locate("/info/contact/email")
    assert located == "/info"
    assert document.span_of(text_range) == Span(2, 1, 4, 17)


def test_alias_values_are_located_where_the_alias_is_written() -> None:
    text = "a: &x {k: 1}\nb: *x\n"
    assert locate(text, "/b") == Span(2, 1, 2, 6)
    # Inside the aliased node, positions are those of the anchored definition.
    assert locate(text, "/b/k") == Span(1, 8, 1, 12)


JSON = '{\n  "openapi": "3.0.3",\n  "info": {"title": "T", "version": "1"},\n  "tags": [\n    {"name": "a"}\n  ]\n}\n'


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [
        ("/openapi", Span(2, 3, 2, 21)),
        ("/info", Span(3, 3, 3, 41)),
        ("/info/version", Span(3, 26, 3, 40)),
        ("/tags/0", Span(5, 5, 5, 18)),
        ("/tags/0/name", Span(5, 6, 5, 17)),
        ("", Span(1, 1, 7, 2)),
    ],
)
def test_json_positions(pointer: str, expected: Span) -> None:
    assert locate(JSON, pointer, name="api.json") == expected


def test_json_with_crlf_and_non_ascii() -> None:
    text = '{\r\n  "a": "é🐍",\r\n  "b": 1\r\n}'
    assert locate(text, "/a", name="x.json") == Span(2, 3, 2, 12)
    assert locate(text, "/b", name="x.json") == Span(3, 3, 3, 9)


def test_the_pointer_written_at_an_offset() -> None:
    text = "info:\n  title: T\npaths:\n  /a:\n    get: {responses: [x, y]}\n"
    document = read_document("file:///a.yaml", "a.yaml", text.encode())
    assert document.pointer_at(text.index("title")) == "/info/title"
    assert document.pointer_at(text.index("y]")) == "/paths/~1a/get/responses/1"
    assert document.pointer_at(text.index("paths")) == "/paths"
    assert document.pointer_at(len(text) + 5) == ""


def test_nodes_by_pointer() -> None:
    document = read_document("file:///a.yaml", "a.yaml", YAML.encode())
    assert document.node("/info/title") == "Pets"
    assert document.node("/nope", default=None) is None
    with pytest.raises(KeyError):
        document.node("/info/title/deeper")
