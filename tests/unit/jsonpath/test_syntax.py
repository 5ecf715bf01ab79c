"""Parsing path text into segments, and the errors for text that is not a path."""

from __future__ import annotations

import pytest

from apilint.jsonpath import JsonPathError
from apilint.jsonpath.filters import Current
from apilint.jsonpath.syntax import (
    Child,
    Descendant,
    Filter,
    Name,
    Parent,
    PropertyName,
    Segment,
    Slice,
    Wildcard,
    parse_path,
)


def child(*names: str) -> Child:
    return Child(tuple(Name(name) for name in names))


def where(source: str) -> Filter:
    # The tree is compared by its source text; test_filters checks trees.
    return Filter(source, Current())


STAR = Child((Wildcard(),))

PARSED: list[tuple[str, tuple[Segment, ...]]] = [
    ("$", ()),
    ("$.info", (child("info"),)),
    ("$.info.title", (child("info"), child("title"))),
    ("$['info']", (child("info"),)),
    ('$["info"]', (child("info"),)),
    ("$.paths['/pets/{petId}']", (child("paths"), child("/pets/{petId}"))),
    ("$.paths['/a.b~c d']", (child("paths"), child("/a.b~c d"))),
    ("$['it\\'s']", (child("it's"),)),
    ("$['^\\d+$']", (child("^\\d+$"),)),
    ('$["a\'b"]', (child("a'b"),)),
    ("$[*]", (STAR,)),
    ("$.*", (STAR,)),
    ("$..name", (Descendant((Name("name"),)),)),
    ("$..*", (Descendant((Wildcard(),)),)),
    ("$..[*]", (Descendant((Wildcard(),)),)),
    ("$..['$ref']", (Descendant((Name("$ref"),)),)),
    ("$..$ref", (Descendant((Name("$ref"),)),)),
    ("$.x-foo", (child("x-foo"),)),
    ("$.responses.200", (child("responses"), child("200"))),
    ("$.responses['200']", (child("responses"), child("200"))),
    ("$.servers[0]", (child("servers"), child("0"))),
    ("$.servers[-1]", (child("servers"), child("-1"))),
    ("$.paths./pets", (child("paths"), child("/pets"))),
    ("$.a[1:3]", (child("a"), Child((Slice(1, 3),)))),
    ("$.a[::2]", (child("a"), Child((Slice(None, None, 2),)))),
    ("$.a[-2:]", (child("a"), Child((Slice(-2, None),)))),
    ("$.a[:]", (child("a"), Child((Slice(),)))),
    ("$.a[1:-1:3]", (child("a"), Child((Slice(1, -1, 3),)))),
    ("$.a[0,2]", (child("a"), child("0", "2"))),
    ("$.a[1:3,5]", (child("a"), Child((Slice(1, 3), Name("5"))))),
    ("$.paths[*][get,put,post]", (child("paths"), STAR, child("get", "put", "post"))),
    ("$.paths[*]['get','put']", (child("paths"), STAR, child("get", "put"))),
    ("$.paths[*][ 'get' , \"put\" ]", (child("paths"), STAR, child("get", "put"))),
    ("$.x[*,200]", (child("x"), Child((Wildcard(), Name("200"))))),
    ("$.paths[*]~", (child("paths"), STAR, PropertyName())),
    ("$.paths.*~", (child("paths"), STAR, PropertyName())),
    ("$.paths^", (child("paths"), Parent())),
    ("$..x^^", (Descendant((Name("x"),)), Parent(), Parent())),
    ("$.a^.b", (child("a"), Parent(), child("b"))),
    ("$.a.b^~", (child("a"), child("b"), Parent(), PropertyName())),
    ("$.paths[*][?(@.deprecated)]", (child("paths"), STAR, Child((where("@.deprecated"),)))),
    ("$..[?(@.in === 'header')]", (Descendant((where("@.in === 'header'"),)),)),
    ("$[?( @.x == ')]' )]", (Child((where("@.x == ')]'"),)),)),
    ("$[?(@.x.match(/[)\\]]/))]", (Child((where("@.x.match(/[)\\]]/)"),)),)),
]


@pytest.mark.parametrize(("text", "segments"), PARSED, ids=[text for text, _ in PARSED])
def test_parse(text: str, segments: tuple[Segment, ...]) -> None:
    assert parse_path(text) == segments


def test_segments_remember_where_they_start() -> None:
    segments = parse_path("$.a..b[0]^~")
    assert [segment.position for segment in segments] == [1, 3, 6, 9, 10]


def test_filters_keep_their_expression_tree() -> None:
    [_, segment] = parse_path("$.a[?(@.b)]")
    assert isinstance(segment, Child)
    [selector] = segment.selectors
    assert isinstance(selector, Filter)
    assert repr(selector.expression).startswith("Member(")


ERRORS = [
    ("", "the path is empty", 0),
    ("paths", "must start with '$'", 0),
    ("$paths", "unexpected 'p'", 1),
    ("$*", "unexpected '*'", 1),
    ("$.", "'.' must be followed", 2),
    ("$..", "'..' must be followed", 3),
    ("$...a", "'..' must be followed", 3),
    ("$.a.", "'.' must be followed", 4),
    ("$.a[", "'[' is not closed", 3),
    ("$.a[*", "'[' is not closed", 3),
    ("$.a[0,", "'[' is not closed", 3),
    ("$.a]", "']' without a matching '['", 3),
    ("$.a[]", "empty brackets", 4),
    ("$.a[0,]", "expected a name", 6),
    ("$.a[,0]", "expected a name", 4),
    ("$.a[0 1]", "expected ',' or ']'", 6),
    ("$['a", "quoted name is not closed", 2),
    ("$['a'b]", "expected ',' or ']'", 5),
    ("$.a b", "whitespace", 3),
    (" $.a", "must start with '$'", 0),
    ("$.a ", "whitespace", 3),
    ("$.a[(@.length-1)]", "script expressions", 4),
    ("$.a[?@.b]", "[?(expression)]", 4),
    ("$.a[?(@.b)", "'[' is not closed", 3),
    ("$.a[?(@.b) x]", "expected ']' after the filter", 11),
    ("$.a[?(@.b),c]", "expected ']' after the filter", 10),
    ("$.a[c,?(@.b)]", "only thing inside its brackets", 6),
    ("$.a[1:2:0]", "step cannot be 0", 4),
    ("$.a[1:x]", "not a valid slice", 4),
    ("$.a[1:2:3:4]", "not a valid slice", 4),
    ("$.a[a*]", "'*' cannot be part of a name", 4),
    ("$.a~.b", "'~' (property name) can only end a path", 4),
    ("$.a~~", "'~' (property name) can only end a path", 4),
    ("$.a~^", "'~' (property name) can only end a path", 4),
    ("$.a,b", "unexpected ','", 3),
    ("$.a(b)", "unexpected '('", 3),
]


@pytest.mark.parametrize(("text", "message", "position"), ERRORS, ids=[text or "<empty>" for text, _, _ in ERRORS])
def test_errors(text: str, message: str, position: int) -> None:
    with pytest.raises(JsonPathError) as raised:
        parse_path(text)
    error = raised.value
    assert message in error.message
    assert error.position == position
    assert error.text == text
    assert f"at character {position}" in str(error)
    assert isinstance(error, ValueError)


def test_a_dot_before_a_bracket_is_the_same_path_without_it() -> None:
    # Published rulesets (the Dutch API Design Rules linter among them) write ``$.['openapi']``.
    assert parse_path("$.['openapi']") == parse_path("$['openapi']")
    assert parse_path("$.a.[0]") == parse_path("$.a[0]")
