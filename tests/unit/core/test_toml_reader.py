"""A TOML table is read with tomllib's values and the place each key, table and item is written."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from apilint.document import Document
from apilint.sourcemap import LineIndex, SourceMapping, SourceSequence
from apilint.toml_reader import read_toml_table

TABLE = ("tool", "apilint")


def read(text: str | bytes, table: tuple[str, ...] = TABLE) -> Document:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return read_toml_table("file:///project/pyproject.toml", "pyproject.toml", raw, table)


def expected_data(text: str, table: tuple[str, ...] = TABLE) -> Any:
    data: Any = tomllib.loads(text)
    for name in table:
        data = data[name]
    return data


HEADER = """\
[project]
name = "x"

[tool.apilint]
ruleset = "a.yaml"
  standards = ["nl-adr", 'nl-adr@2.1']
"""

SUB_TABLES = """\
[tool.apilint]
ruleset = "a.yaml"

[tool.apilint.rules]
operation-tags = "off"
"info-contact" = "warn"
[ tool . "apilint" . 'more' ]
x = 1
"""

DOTTED_IN_TABLE = """\
[tool.apilint]
rules.operation-tags = "off"
rules . "info.contact" = "warn"
"""

DOTTED_IN_TOOL = """\
[tool]
other = 1
apilint.extends = ["a"]
apilint.rules.x = "off"
"""

DOTTED_AT_TOP = """\
title = "t"
tool.apilint.extends = ["a", "b"]
tool.apilint.rules = { x = "off" }
"""

QUOTED_KEYS = """\
[tool.apilint]
"x.y" = 1
'a b' = 2
"caf\\u00e9" = 3
"a/b" = 4
'c~d' = 5
"~1" = 6
"""

INLINE = """\
[tool.apilint]
rules = { a = "off", "b.c" = "warn", d.e = 1, f = { g = [1, { h = 2 }] } }
empty = {}
"""

ARRAYS_OF_TABLES = """\
[tool.apilint]
ruleset = "a"

[[tool.apilint.overrides]]
files = ["*.yaml"]
rules = { a = "off" }

[[tool.apilint.overrides]]
# a comment
files = ["b"]
[tool.apilint.overrides.rules]
b = "warn"
"""

NESTED_ARRAYS_OF_TABLES = """\
[[tool.apilint.o]]
[[tool.apilint.o.p]]
x = 1
[[tool.apilint.o]]
[[tool.apilint.o.p]]
[[tool.apilint.o.p]]
y = 2
"""

ARRAYS = """\
[tool.apilint]
standards = ["a", "b"]
extends = [
    "one",  # a comment, with [brackets] = and "quotes"
    'two',
  [1, 2],
    { k = "v" },
]
dates = [1979-05-27 07:32:00Z, 1979-05-27, 07:32:00]
numbers = [ 1_000 , -2.5e3, inf, 0x1F ]
"""

TRICKY_STRINGS = """\
[tool.apilint]
a = "[tool.apilint.fake]"
b = 'x = 1 # no'
c = "\\"quoted\\" [x] = # \\\\"
d = 1 # a comment [tool.other] = "
"e" = 2
"""

MULTI_LINE_STRINGS = '''\
[tool.apilint]
doc = """
[tool.apilint.fake]
fake = 1
not-a-key = \\""" still inside
"""
lit = \'\'\'
[[tool.apilint.more]]
x = '' '
\'\'\'
quotes = """x""\""
last = """a"""""
after = 1
'''

SUPER_TABLE_AFTER_SUB_TABLE = """\
[tool.apilint.rules]
x = 1

[tool.apilint]
y = 2
"""


@pytest.mark.parametrize(
    ("text", "pointer", "line", "column"),
    [
        # A [tool.apilint] header and key = value lines; the table itself is its header.
        (HEADER, "", 4, 1),
        (HEADER, "/ruleset", 5, 1),
        (HEADER, "/standards", 6, 3),
        (HEADER, "/standards/1", 6, 26),
        # Sub-tables point at their header; their keys at their lines. Blanks in headers are allowed.
        (SUB_TABLES, "/rules", 4, 1),
        (SUB_TABLES, "/rules/operation-tags", 5, 1),
        (SUB_TABLES, "/rules/info-contact", 6, 1),
        (SUB_TABLES, "/more/x", 8, 1),
        (SUB_TABLES, "/more", 7, 1),
        # Dotted keys: each part where it is written.
        (DOTTED_IN_TABLE, "/rules", 2, 1),
        (DOTTED_IN_TABLE, "/rules/operation-tags", 2, 7),
        (DOTTED_IN_TABLE, "/rules/info.contact", 3, 9),
        (DOTTED_IN_TOOL, "", 3, 1),
        (DOTTED_IN_TOOL, "/extends", 3, 9),
        (DOTTED_IN_TOOL, "/extends/0", 3, 20),
        (DOTTED_IN_TOOL, "/rules/x", 4, 15),
        (DOTTED_AT_TOP, "", 2, 6),
        (DOTTED_AT_TOP, "/extends", 2, 14),
        (DOTTED_AT_TOP, "/extends/1", 2, 30),
        (DOTTED_AT_TOP, "/rules/x", 3, 24),
        # Quoted keys, and keys that must be escaped in pointers.
        (QUOTED_KEYS, "/x.y", 2, 1),
        (QUOTED_KEYS, "/a b", 3, 1),
        (QUOTED_KEYS, "/café", 4, 1),
        (QUOTED_KEYS, "/a~1b", 5, 1),
        (QUOTED_KEYS, "/c~0d", 6, 1),
        (QUOTED_KEYS, "/~01", 7, 1),
        # Inline tables: members at their own keys, however deep.
        (INLINE, "/rules", 2, 1),
        (INLINE, "/rules/a", 2, 11),
        (INLINE, "/rules/b.c", 2, 22),
        (INLINE, "/rules/d", 2, 38),
        (INLINE, "/rules/d/e", 2, 40),
        (INLINE, "/rules/f/g", 2, 53),
        (INLINE, "/rules/f/g/1/h", 2, 63),
        (INLINE, "/empty", 3, 1),
        # Arrays of tables: items at their headers, members at their keys.
        (ARRAYS_OF_TABLES, "/overrides", 4, 1),
        (ARRAYS_OF_TABLES, "/overrides/0", 4, 1),
        (ARRAYS_OF_TABLES, "/overrides/0/files", 5, 1),
        (ARRAYS_OF_TABLES, "/overrides/0/rules/a", 6, 11),
        (ARRAYS_OF_TABLES, "/overrides/1", 8, 1),
        (ARRAYS_OF_TABLES, "/overrides/1/files/0", 10, 10),
        (ARRAYS_OF_TABLES, "/overrides/1/rules", 11, 1),
        (ARRAYS_OF_TABLES, "/overrides/1/rules/b", 12, 1),
        (NESTED_ARRAYS_OF_TABLES, "/o/0/p/0/x", 3, 1),
        (NESTED_ARRAYS_OF_TABLES, "/o/1", 4, 1),
        (NESTED_ARRAYS_OF_TABLES, "/o/1/p/0", 5, 1),
        (NESTED_ARRAYS_OF_TABLES, "/o/1/p/1", 6, 1),
        (NESTED_ARRAYS_OF_TABLES, "/o/1/p/1/y", 7, 1),
        # Arrays, one line or several: each item where it is written.
        (ARRAYS, "/standards/0", 2, 14),
        (ARRAYS, "/extends", 3, 1),
        (ARRAYS, "/extends/0", 4, 5),
        (ARRAYS, "/extends/1", 5, 5),
        (ARRAYS, "/extends/2", 6, 3),
        (ARRAYS, "/extends/2/1", 6, 7),
        (ARRAYS, "/extends/3/k", 7, 7),
        (ARRAYS, "/dates/1", 9, 32),
        (ARRAYS, "/dates/2", 9, 44),
        (ARRAYS, "/numbers/3", 10, 34),
        # Brackets, equals signs and comment signs inside strings or comments are not structure.
        (TRICKY_STRINGS, "/c", 4, 1),
        (TRICKY_STRINGS, "/d", 5, 1),
        (TRICKY_STRINGS, "/e", 6, 1),
        # Multi-line strings hide lines that look like headers and keys.
        (MULTI_LINE_STRINGS, "/lit", 7, 1),
        (MULTI_LINE_STRINGS, "/quotes", 11, 1),
        (MULTI_LINE_STRINGS, "/last", 12, 1),
        (MULTI_LINE_STRINGS, "/after", 13, 1),
        # A table's own header is its place, even after a header that passes through it.
        (SUPER_TABLE_AFTER_SUB_TABLE, "", 4, 1),
        (SUPER_TABLE_AFTER_SUB_TABLE, "/rules", 1, 1),
        (SUPER_TABLE_AFTER_SUB_TABLE, "/y", 5, 1),
    ],
)
def test_keys_and_items_are_located(text: str, pointer: str, line: int, column: int) -> None:
    document = read(text)
    assert document.parsed and not document.problems
    span = document.span(pointer)
    assert (span.start_line, span.start_column) == (line, column)
    # The pointer is written in the file: nothing fell back to a parent.
    assert document.locate(pointer)[1] == pointer


ALL_SAMPLES = [HEADER, SUB_TABLES, DOTTED_IN_TABLE, DOTTED_IN_TOOL, DOTTED_AT_TOP, QUOTED_KEYS, INLINE,
               ARRAYS_OF_TABLES, NESTED_ARRAYS_OF_TABLES, ARRAYS, TRICKY_STRINGS, MULTI_LINE_STRINGS,
               SUPER_TABLE_AFTER_SUB_TABLE]


def members(node: Any, pointer: str = "") -> list[tuple[str, int]]:
    """Every member's pointer and the offset it is located at, depth first."""
    found: list[tuple[str, int]] = []
    if isinstance(node, SourceMapping):
        for key, value in node.items():
            member = node.member_range(key)
            assert member is not None
            child = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            found += [(child, member[0]), *members(value, child)]
    elif isinstance(node, SourceSequence):
        for index, value in enumerate(node):
            item = node.item_range(index)
            assert item is not None
            found += [(f"{pointer}/{index}", item[0]), *members(value, f"{pointer}/{index}")]
    return found


@pytest.mark.parametrize("text", ALL_SAMPLES)
def test_values_are_tomllibs_in_positioned_containers(text: str) -> None:
    document = read(text)
    assert document.data == expected_data(text)
    assert isinstance(document.data, SourceMapping)
    for pointer, offset in members(document.data):
        # Every node starts at a key, a header, a quote or a value: never at a blank or a parent's place.
        assert document.text[offset] not in " \t\r\n=,", pointer
        # And the offset leads back to the node (or to its first member, written at the same place).
        assert (document.pointer_at(offset) + "/").startswith(pointer + "/"), pointer


def test_scalars_are_plain_python_values() -> None:
    data = read(ARRAYS).data
    assert type(data["dates"][0]).__name__ == "datetime" and type(data["dates"][1]).__name__ == "date"
    assert data["numbers"] == [1000, -2500.0, float("inf"), 31]
    assert type(data["extends"][2]) is SourceSequence and type(data["extends"][3]) is SourceMapping


def test_a_member_spans_from_its_key_to_the_end_of_its_value() -> None:
    span = read(ARRAYS).span("/extends")
    assert (span.start_line, span.start_column, span.end_line, span.end_column) == (3, 1, 8, 2)
    table = read(ARRAYS_OF_TABLES).span("/overrides/1")
    assert (table.start_line, table.end_line) == (8, 12)


def test_windows_line_endings_give_the_same_places() -> None:
    document = read(ARRAYS_OF_TABLES.replace("\n", "\r\n"))
    assert document.data == expected_data(ARRAYS_OF_TABLES)
    span = document.span("/overrides/1/rules/b")
    assert (span.start_line, span.start_column) == (12, 1)


def test_the_whole_document_can_be_read() -> None:
    document = read(DOTTED_AT_TOP, ())
    assert document.data == tomllib.loads(DOTTED_AT_TOP)
    assert document.root_range.start == 0 and document.root_range.end == len(DOTTED_AT_TOP)
    assert document.span("/tool/apilint/rules/x").start_line == 3


@pytest.mark.parametrize(
    "text",
    ["", "[project]\nname = 'x'\n", "[tool.other]\nx = 1\n", "[tool]\nother = 1\n", "[[tool]]\napilint = 1\n"],
)
def test_a_missing_table_gives_no_data_and_no_problem(text: str) -> None:
    document = read(text)
    assert document.data is None and document.problems == []


def test_a_value_that_is_not_a_table_is_returned_for_the_caller_to_judge() -> None:
    document = read("[tool]\napilint = [1]\n")
    assert document.data == [1] and not document.problems
    assert document.span("").start_line == 2


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("[tool.apilint]\nruleset = \n", 2, 11, "invalid value"),
        ("[tool.apilint]\nx = 1\n[tool.apilint]\n", 3, 14, "twice"),
        ("[tool.apilint]\nx = 1 2\n", 2, 7, "newline"),
        ('[tool.apilint]\r\nx = 1\r\ny = "open\r\n', 3, 10, "illegal character"),
        ('[tool.apilint]\nx = "unterminated', 2, 18, "unterminated string"),
        ("a = 1\n  [tool.apilint\n", 2, 16, "table declaration"),
    ],
)
def test_invalid_toml_gives_one_fatal_problem_where_tomllib_says(text: str, line: int, column: int,
                                                                  words: str) -> None:
    document = read(text)
    assert document.data is None and not document.parsed
    [problem] = document.problems
    assert problem.kind == "syntax-error" and problem.fatal
    assert words in problem.message and problem.message.startswith("not valid TOML: ")
    assert "(at " not in problem.message
    assert LineIndex(text).position(problem.start) == (line, column)
    with pytest.raises(tomllib.TOMLDecodeError, match=f"line {line}, column {column}|end of document"):
        tomllib.loads(text)


def test_undecodable_bytes_give_one_fatal_problem() -> None:
    document = read(b'[tool.apilint]\nruleset = "\xff"\n')
    assert document.data is None
    [problem] = document.problems
    assert problem.kind == "invalid-encoding" and problem.fatal
    assert LineIndex(document.text).position(problem.start) == (2, 12)


def test_a_byte_order_mark_is_not_text() -> None:
    document = read(b"\xef\xbb\xbf" + HEADER.encode())
    assert document.data == expected_data(HEADER)
    assert document.span("/ruleset").start_line == 5
