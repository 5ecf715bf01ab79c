"""Filter expressions: JavaScript semantics (checked against the engines), regexes, parsing and errors."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

from apilint.js_regex import JsRegexError as RegexError
from apilint.js_regex import to_code_units
from apilint.jsonpath import JsonPathError, compile_path, select
from apilint.jsonpath.evaluation import compile_filter, required_members
from apilint.jsonpath.filters import (
    MAX_NESTING,
    Binary,
    Constant,
    Current,
    Logical,
    Member,
    MethodCall,
    RegexLiteral,
    Unary,
    Variable,
    parse_filter,
)
from apilint.jsonpath.filters import compile_filter_regex as compile_js_regex
from apilint.jsonpath.jsvalues import (
    UNDEFINED,
    loosely_equal,
    strictly_equal,
    to_number,
    to_string,
    truthy,
    type_of,
    utf16_length,
)
from apilint.jsonpath.trail import Trail
from tests.unit.jsonpath import as_set, load, reference, selection

SUITE = load("filters.json")
VALUES = SUITE["data"]
UNSUPPORTED_FLAGS = {"$.strings[?(@.match(/x/y))]", "$.strings[?(@.match(/x/d))]", "$.strings[?(@.match(/x/v))]"}
CASES = [case for case in SUITE["cases"] if case["path"] not in UNSUPPORTED_FLAGS]


def names(path: str) -> set[str]:
    return {str(match.path[-1]) for match in select(VALUES, path)}


@pytest.mark.parametrize("case", CASES, ids=[f"{case['group']}:{case['path']}" for case in CASES])
def test_filters_match_the_engines(case: dict[str, Any]) -> None:
    assert selection(select(VALUES, case["path"]), keys=False) == as_set(reference(case))


@pytest.mark.parametrize("path", sorted(UNSUPPORTED_FLAGS))
def test_flags_javascript_has_but_apilint_rejects(path: str) -> None:
    # y (sticky), d (indices) and v (set notation) run in the engines; apilint refuses them.
    with pytest.raises(JsonPathError, match="is not supported"):
        compile_path(path)


def test_the_fixture_covers_every_operator_and_literal_kind() -> None:
    paths = " ".join(case["path"] for case in SUITE["cases"])
    for operator in ("==", "===", "!=", "!==", "<", "<=", ">", ">=", "&&", "||", "!", " in ", "typeof"):
        assert operator in paths, operator
    for literal in ("undefined", "null", "true", "false", "[]", "'abc'", "0.5", "-1"):
        assert literal in paths, literal


# --- JavaScript values ---------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (0, False), (0.0, False), (-0.0, False), (math.nan, False), ("", False), (None, False), (UNDEFINED, False),
    (False, False), (1, True), (-1, True), ("0", True), (" ", True), ("false", True), ([], True), ({}, True),
    (True, True), (math.inf, True),
])
def test_truthiness(value: Any, expected: bool) -> None:
    assert truthy(value) is expected


@pytest.mark.parametrize(("value", "name"), [
    ("s", "string"), (1, "number"), (1.5, "number"), (True, "boolean"), (None, "object"), ([], "object"),
    ({}, "object"), (UNDEFINED, "undefined"),
])
def test_typeof(value: Any, name: str) -> None:
    assert type_of(value) == name


@pytest.mark.parametrize(("left", "right", "loose", "strict"), [
    (1, "1", True, False), (0, "", True, False), (0, " \n", True, False), (None, UNDEFINED, True, False),
    (None, 0, False, False), (UNDEFINED, False, False, False), (True, 1, True, False), (True, "1", True, False),
    (False, "0", True, False), (True, 2, False, False), ([], "", True, False), ([1], 1, True, False),
    ([1, 2], "1,2", True, False), ({}, "[object Object]", True, False), (math.nan, math.nan, False, False),
    (1, 1.0, True, True), ("a", "a", True, True), (None, None, True, True), ("1e3", 1000, True, False),
    ("0x10", 16, True, False), ("Infinity", math.inf, True, False), ("1_000", 1000, False, False),
])
def test_equality(left: Any, right: Any, loose: bool, strict: bool) -> None:
    assert loosely_equal(left, right) is loose
    assert loosely_equal(right, left) is loose
    assert strictly_equal(left, right) is strict


def test_objects_are_equal_only_to_themselves() -> None:
    node: dict[str, Any] = {}
    assert strictly_equal(node, node)
    assert not strictly_equal(node, {})
    assert not loosely_equal([], [])


@pytest.mark.parametrize(("value", "text"), [
    (1, "1"), (1.0, "1"), (-0.0, "0"), (0.1, "0.1"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
    (1e-7, "1e-7"), (0.000001, "0.000001"), (123.456, "123.456"), (math.nan, "NaN"), (-math.inf, "-Infinity"),
    (2**53 + 1, "9007199254740992"), (None, "null"), (UNDEFINED, "undefined"), ([1, None, [2, 3]], "1,,2,3"),
    ({}, "[object Object]"), (True, "true"),
])
def test_to_string(value: Any, text: str) -> None:
    assert to_string(value) == text


@pytest.mark.parametrize(("text", "number"), [
    ("", 0.0), ("  12  ", 12.0), ("1.5e2", 150.0), (".5", 0.5), ("5.", 5.0), ("-Infinity", -math.inf),
    ("0b101", 5.0), ("0o17", 15.0),
])
def test_to_number(text: str, number: float) -> None:
    assert to_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1 2", "inf", "nan", "1_0", "--1", "0x"])
def test_to_number_nan(text: str) -> None:
    assert math.isnan(to_number(text))


def test_string_length_counts_utf16_code_units() -> None:
    assert utf16_length("abc") == 3
    assert utf16_length("a\U0001f600") == 3
    assert names("$.strings[?(@.length === 8)]") == {"emoji"}


# --- Operators and variables --------------------------------------------------------------


def test_comparisons_follow_javascript() -> None:
    # Two strings compare as text; anything else compares as numbers, and NaN compares false.
    assert names("$.v[?(@ >= 'b')]") == {"strue", "snull"}
    assert names("$.v[?(@ < 1)]") >= {"empty", "space", "f", "nul", "arr0", "arrnull"}
    assert names("$.v[?(@ > undefined || @ <= undefined)]") == set()


def test_logical_operators_return_operands() -> None:
    assert names("$.v[?((@ && 'x') === 'x')]") == names("$.v[?(!!@)]")
    assert names("$.v[?((@ || 'x') === 'x')]") == names("$.v[?(!@)]")


def test_a_bare_at_sign_is_the_value() -> None:
    assert names("$.v[?(@)]") == names("$.v[?(!!@)]")


def test_property_is_the_key_and_a_number_in_arrays() -> None:
    document = {"list": ["a", "b", "c"], "map": {"0": "x", "1": "y"}}
    assert [m.value for m in select(document, "$.list[?(@property === 1)]")] == ["b"]
    assert [m.value for m in select(document, "$.list[?(@property === '1')]")] == []
    assert [m.value for m in select(document, "$.map[?(@property === '1')]")] == ["y"]
    # nimma turns a position into a string before calling a string method on it.
    assert [m.value for m in select(document, "$.list[?(@property.startsWith('2'))]")] == ["c"]


def test_parent_is_the_container_of_the_filtered_node() -> None:
    document = {"a": {"kind": "outer", "b": {"kind": "inner", "c": 1}}}
    # As in jsonpath-plus and nimma: for the children of a.b, @parent is a and @parentProperty is "b".
    assert [m.path for m in select(document, "$.a.b[?(@parent.kind === 'outer')]")] == [
        ("a", "b", "kind"), ("a", "b", "c"),
    ]
    assert len(select(document, "$.a.b[?(@parentProperty === 'b')]")) == 2
    assert len(select(document, "$[?(@parent === undefined && @parentProperty === undefined)]")) == 1


def test_path_is_spelled_as_nimma_spells_it() -> None:
    document = {"r": {"200": [{"x": 1}]}}
    assert len(select(document, "$.r.200[?(@path === \"$['r']['200'][0]\")]")) == 1


def test_root_is_the_document() -> None:
    document = {"version": 2, "items": [1, 2, 3]}
    assert [m.value for m in select(document, "$.items[?(@ >= @root.version)]")] == [2, 3]


def test_in_operator() -> None:
    # Arrays: membership (nimma rewrites "a in b" as b.includes(a)); strings: substring; objects: a member name.
    assert names("$.v[?(@property in ['one', 'two', 'nope'])]") == {"one", "two"}
    assert names("$.v[?(@property in 'one two')]") == {"one", "two", "t"}
    assert names("$.v[?('a' in @)]") == {"obj", "arrab", "abc"}
    assert names("$.v[?(@ in [1, 2])]") == {"one", "two"}
    assert names("$.v[?(@ in [1])]") == {"one"}
    assert names("$.v[?(@ in 5)]") == set()


def test_methods() -> None:
    assert names("$.strings[?(@.startsWith('snake'))]") == {"snake"}
    assert names("$.strings[?(@.endsWith('Name'))]") == {"camel"}
    assert names("$.strings[?(@.includes('{'))]") == {"path"}
    assert names("$.v[?(@.includes && @.includes('a'))]") == {"abc", "arrab"}
    assert names("$.v[?(@.startsWith('a'))]") == {"abc"}
    assert names("$.v[?(@.match('^[0-9]+$'))]") == {"s0", "s1", "s2", "s10"}
    assert names("$.v[?(@.match(/^(a)(x)?/)[1] === 'a')]") == {"abc"}
    assert names("$.v[?(@.match(/^(a)(x)?/)[2] === undefined)]") == {"abc"}


def test_a_filter_that_would_throw_does_not_select() -> None:
    assert names("$.v[?(@.missing.deeper)]") == set()
    assert names("$.v[?(@.missing.deeper === undefined)]") == set()
    # As in JavaScript, the throw ends the whole expression: "|| @ === 1" never runs for non-strings.
    assert names("$.v[?(@.startsWith('a') || @ === 1)]") == {"abc"}


# --- Regular expressions ---------------------------------------------------------------------


@pytest.mark.parametrize(("source", "flags", "subject", "found"), [
    (r"^\d+$", "", "123", True), (r"^\d+$", "", "\u0661\u0662", False), (r"^\w+$", "", "caf\u00e9", False),
    (r"\bcase\b", "", "snake_case", False), (r"a\sb", "", "a\u00a0b", True), ("end$", "", "end\n", False),
    ("x.y", "", "x\u2028y", False), ("x.y", "s", "x\u2028y", True), ("^b", "m", "a\rb", True),
    ("a$", "m", "a\u2029b", True), ("^.{2}$", "", "\U0001f600", True), ("^.$", "u", "\U0001f600", True),
    (r"\u{1F600}", "u", "\U0001f600", True), (r"\uD83D\uDE00", "", "\U0001f600", True),
    ("[^]", "", "\n", True), ("[]", "", "a", False), (r"[\W\d]", "", "5", True), (r"[^\W\d]", "", "5", False),
    (r"[^\W\d]", "", "a", True), (r"\A", "", "A", True), (r"(?<year>\d{4})-\k<year>", "", "2020-2020", True),
    ("a{,2}", "", "a{,2}", True), ("HELLO", "i", "hello", True), (r"\cJ", "", "\n", True), (r"[\b]", "", "\b", True),
    (r"\/", "", "a/b", True), (r"[a-c]+", "", "xbz", True),
])
def test_javascript_regexes(source: str, flags: str, subject: str, found: bool) -> None:
    pattern = compile_js_regex(source, flags)
    text = subject if "u" in flags else to_code_units(subject)
    assert (pattern.search(text) is not None) is found


@pytest.mark.parametrize(("source", "flags", "message"), [
    ("x", "y", "flag 'y'"), ("x", "gg", "repeated"), (r"\p{L}", "u", "property escapes"),
    ("(?i)x", "", "group syntax"), ("[b-a]", "", "out of order"), ("[abc", "", "not closed"), ("(", "", "unsupported"),
])
def test_regexes_apilint_cannot_run(source: str, flags: str, message: str) -> None:
    with pytest.raises(RegexError, match=re.escape(message)):
        compile_js_regex(source, flags)


@pytest.mark.parametrize(("path", "position"), [
    ("$.s[?(@.match(/x/y))]", 17), ("$.s[?(@.match(/x/iy))]", 18), ("$.s[?(@.match(/\\p{L}/u))]", 15),
    ("$.s[?(@.match(/x))]", 14),
])
def test_regex_errors_point_into_the_path(path: str, position: int) -> None:
    with pytest.raises(JsonPathError) as raised:
        compile_path(path)
    assert raised.value.position == position


def test_global_match_returns_every_match() -> None:
    assert names("$.strings[?(@.match(/l/g).length === 3)]") == {"lower"}


# --- Parsing -----------------------------------------------------------------------------------


def parse(expression: str) -> Any:
    text = f"$[?({expression})]"
    tree, end = parse_filter(text, 4)
    assert text[end] == ")"
    return tree


def test_precedence() -> None:
    assert parse("@.a && @.b || !@.c") == Logical("||", (
        Logical("&&", (Member(Current(), "a"), Member(Current(), "b"))),
        Unary("!", Member(Current(), "c")),
    ))
    assert parse("!@.a == 1") == Binary("==", Unary("!", Member(Current(), "a")), Constant(1))
    assert parse("typeof @.x === 'string'") == Binary(
        "===", Unary("typeof", Member(Current(), "x")), Constant("string"),
    )
    assert parse("@.a < 1 == @.b >= 2") == Binary(
        "==", Binary("<", Member(Current(), "a"), Constant(1)), Binary(">=", Member(Current(), "b"), Constant(2)),
    )
    assert parse("@property in ['a']") == Binary("in", Variable("property"), parse("['a']"))


def test_members_and_calls() -> None:
    assert parse("@['x-y']") == Member(Current(), "x-y")
    assert parse("@[0]") == Member(Current(), "0")
    assert parse("@.name.match(/^a/i)") == MethodCall(Member(Current(), "name"), "match", RegexLiteral("^a", "i"))
    assert parse("@root.paths") == Member(Variable("root"), "paths")
    assert parse("@.length") == Member(Current(), "length")


@pytest.mark.parametrize(("expression", "value"), [
    ("'it\\'s'", "it's"), ('"a\\"b"', 'a"b'), ("'\\u0041\\x42\\n'", "AB\n"), ("'\\u{1F600}'", "\U0001f600"),
    ("1.5e3", 1500.0), (".5", 0.5), ("10", 10), ("true", True), ("null", None), ("undefined", UNDEFINED),
])
def test_literals(expression: str, value: Any) -> None:
    assert parse(expression) == Constant(value)


def test_array_literals_and_negative_numbers() -> None:
    tree = parse("[1, -2, 'x']")
    test = compile_filter(tree)
    assert test("k", None, None, Trail(None))
    assert parse("-1") == Unary("-", Constant(1))


@pytest.mark.parametrize(("expression", "message", "offset"), [
    ("eval('1')", "unknown name 'eval'", 0),
    ("@.constructor", "'constructor' is not accessible", 2),
    ("@['__proto__']", "'__proto__' is not accessible", 2),
    ("@.x = 1", "assignment", 4),
    ("@.x += 1", "assignment", 4),
    ("`x`", "template literals", 0),
    ("@.foo()", "method 'foo' is not supported", 2),
    ("@.toString()", "method 'toString' is not supported", 2),
    ("@['match'](/x/)", "through brackets", 10),
    ("(@.match)(/x/)", "can be called", 9),
    ("@.a + 1", "operator '+'", 4),
    ("@.a ? 1 : 2", "operator '?'", 4),
    ("@.a ?? 1", "operator '??'", 4),
    ("@?.a", "optional chaining", 1),
    ("@.a, @.b", "operator ','", 3),
    ("@foo", "unknown variable '@foo'", 0),
    ("this", "unknown name 'this'", 0),
    ("@.200", "expected a member name", 2),
    ("'abc", "string is not closed", 0),
    ("/abc", "regular expression is not closed", 0),
    ("@.match()", "needs one argument", 8),
    ("@.startsWith('a', 1)", "one argument", 16),
    ("@.a @.b", "unexpected '@'", 4),
    ("@ ==", "expected a value", 4),
    ("", "empty", 0),
    ("007", "leading zeros", 0),
    ("1abc", "invalid number", 0),
    ("'\\1'", "octal", 1),
])
def test_expression_errors_have_positions(expression: str, message: str, offset: int) -> None:
    text = f"$.x[?({expression})]"
    with pytest.raises(JsonPathError) as raised:
        compile_path(text)
    assert message in raised.value.message
    assert raised.value.position == 6 + offset
    assert raised.value.text == text
    assert str(raised.value).startswith(raised.value.message)


def test_nesting_is_capped() -> None:
    compile_path("$.x[?(" + "(" * (MAX_NESTING - 2) + "@" + ")" * (MAX_NESTING - 2) + ")]")
    with pytest.raises(JsonPathError, match="nests more than"):
        compile_path("$.x[?(" + "(" * (MAX_NESTING + 1) + "@" + ")" * (MAX_NESTING + 1) + ")]")
    with pytest.raises(JsonPathError, match="nests more than"):
        compile_path("$.x[?(" + "!" * 200 + "@)]")
    with pytest.raises(JsonPathError, match="nests more than"):
        compile_path("$.x[?(@" + ".a" * 500 + ")]")


def test_long_flat_chains_are_fine() -> None:
    chain = " || ".join(f"@ === {number}" for number in range(500))
    assert len(select({"x": list(range(600))}, f"$.x[?({chain})]")) == 500


def test_constructor_name_gives_the_javascript_type() -> None:
    document = {"s": [{"type": ["string", "null"]}, {"type": "array"}, {"type": {"a": 1}}, {"type": 2}, {}]}
    arrays = select(document, "$.s[?(@.type && @.type.constructor.name === 'Array')]")
    assert [m.path for m in arrays] == [("s", 0)]
    assert [m.path for m in select(document, "$.s[?(@.type.constructor.name === 'Object')]")] == [("s", 2)]
    # Reading it from undefined fails, as in JavaScript, and a failing filter selects nothing.
    assert [m.path for m in select(document, "$.s[?(@.type.constructor.name !== 'Number')]")] == [
        ("s", 0), ("s", 1), ("s", 2)]
    with pytest.raises(JsonPathError, match="constructor"):
        compile_path("$.s[?(@.constructor)]")


def test_void_is_undefined() -> None:
    document = {"v": [{"example": 0}, {"example": None}, {}]}
    found = select(document, "$.v[?(@.example !== void 0)]")
    assert [m.path for m in found] == [("v", 0), ("v", 1)]


# -- the members a filter needs, looked for before it is evaluated

@pytest.mark.parametrize(("source", "groups"), [
    ("@ && @.enum && @.type", [{"enum"}, {"type"}]),
    ("@.type == 'array'", [{"type"}]),
    ("@ && @.type === 'object' && @.properties", [{"type"}, {"properties"}]),
    ("@property !== 'properties' && @ && @.xml", [{"xml"}]),
    ("@ && (@.example !== void 0 || @.default !== void 0)", [{"example", "default"}]),
    ("@.a || @.b", [{"a", "b"}]),
    ("@.a || !@.b", []),  # true where there is no b
    ("(@.a && @.b) || @.c", [{"a", "c"}]),
    ("@.length", []),  # strings and arrays have a length too
    ("@.type != 'array'", []),  # true where there is no type
    ("@.a.match(/x+x+y/) && @.b", []),  # the match runs first, wherever it would have
    ("@.b && @.a.match(/x/) && @.c", [{"b"}]),
    ("!@.a", []),
])
def test_required_members_are_read_off_the_leading_conjunction(source: str, groups: list[set[str]]) -> None:
    expression, _ = parse_filter(f"{source})", 0)
    assert [set(group) for group in required_members(expression)] == groups


GUARDED = ["@ && @.enum && @.type", "@.type == 'array'", "@ && @.type === 'object' && @.properties",
           "@.b && @.a.match(/x/) && @.c", "@.type == 'array' && @.items", "@.enum || @.type",
           "@ && (@.example !== void 0 || @.default != void 0) && (@.enum || @.type)"]
GUARD_VALUES = [None, True, 0, "", "enum", [], ["type"], {}, {"enum": []}, {"enum": [1], "type": "string"},
          {"enum": [1], "type": None}, {"type": "array"}, {"type": ["array"]}, {"type": "array", "items": {}},
          {"type": "object", "properties": {}}, {"type": "object", "properties": 0}, {"b": 1, "a": "xx", "c": 1},
          {"b": 1, "a": "y", "c": 1}, {"b": 0, "a": "x", "c": 1}, {"example": None, "type": "x"},
          {"default": 0, "enum": []}, {"default": None, "enum": [1]}, {"example": 1}]


@pytest.mark.parametrize("source", GUARDED)
def test_a_filter_with_required_members_selects_what_its_expression_selects(source: str) -> None:
    expression, _ = parse_filter(f"{source})", 0)
    assert required_members(expression)
    guarded = compile_filter(expression)
    for value in GUARD_VALUES:
        expected = truthy_or_false(expression, value)
        assert guarded("k", value, None, None) is expected, value


def truthy_or_false(expression: Any, value: Any) -> bool:
    """What the expression says of ``value``, evaluated without looking for members first."""
    from apilint.jsonpath import evaluation

    evaluate = evaluation._build(expression)
    try:
        return truthy(evaluate(value, "k", None))
    except evaluation.EvaluationFailure:
        return False
