"""Selection on an OpenAPI document, against Spectral's engines, and the incremental states API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apilint.jsonpath import EMPTY, CompiledPath, JsonPathError, Match, Trail, children, compile_path, select
from tests.unit.jsonpath import as_set, load, reference, selection

SUITE = load("selections.json")
DOCUMENT = SUITE["data"]

# Where apilint knowingly differs from what Spectral's engines select, and why.
DEVIATIONS: dict[str, tuple[str, Any]] = {
    # nimma tests stepped slices as "index % step == start", which is wrong once start >= step;
    # jsonpath-plus (which nimma otherwise mirrors) has the ordinary meaning.
    "$.x-numbers[4::3]": ("engine", "jsonpath_plus"),
    "$.x-numbers[-5::2]": ("engine", "jsonpath_plus"),
    # nimma drops every result when a filter that reads @root is followed by further segments.
    "$.tags[?(@root.openapi === '3.1.0')].name": ("engine", "jsonpath_plus"),
    # A negative step walks backwards, as in Python and RFC 9535; jsonpath-plus does not parse it
    # as a slice at all and nimma selects nothing.
    "$.x-numbers[3:0:-1]": ("paths", [["x-numbers", 1], ["x-numbers", 2], ["x-numbers", 3]]),
    # Whitespace after a comma: nimma rejects it and its fallback reads " put" / " 'put'" as names.
    "$.paths[*][get, put]": ("same as", "$.paths[*][get,put]"),
    "$.paths[*]['get', 'put']": ("same as", "$.paths[*][get,put]"),
    # Both engines throw; a bare @ is the tested value, 'x' in @ tests for a member, and $~ has no key.
    "$.x-numbers[?(@)]": ("same as", "$.x-numbers[?(!!@)]"),
    "$.paths[*][?('deprecated' in @)]": ("same as", "$.paths[*][?(@.deprecated !== undefined)]"),
    "$~": ("paths", []),
}


def _case(path: str) -> dict[str, Any]:
    return next(case for case in SUITE["cases"] if case["path"] == path)


def _expected(case: dict[str, Any]) -> set[str]:
    how, what = DEVIATIONS.get(case["path"], ("reference", None))
    if how == "engine":
        return as_set(case[what]["results"])
    if how == "paths":
        return as_set([{"path": path} for path in what])
    if how == "same as":
        return as_set(reference(_case(what)))
    return as_set(reference(case))


VALID = [case for case in SUITE["cases"] if case["group"] != "invalid"]
INVALID = [case for case in SUITE["cases"] if case["group"] == "invalid"]


def test_the_fixtures_come_from_the_engines_spectral_uses() -> None:
    assert SUITE["versions"]["nimma"] == "0.2.3"
    assert SUITE["versions"]["jsonpath-plus"].startswith("10.")
    assert {case["group"] for case in SUITE["cases"]} >= {
        "root", "child", "quoted", "wildcard", "descendant", "index", "slice", "union", "property_name", "parent",
        "filter", "filter_context", "filter_descendant", "invalid",
    }


@pytest.mark.parametrize("case", VALID, ids=[f"{case['group']}:{case['path']}" for case in VALID])
def test_selection_matches_spectral(case: dict[str, Any]) -> None:
    matches = select(DOCUMENT, case["path"])
    assert selection(matches, keys=case["path"].endswith("~")) == _expected(case)


@pytest.mark.parametrize("case", INVALID, ids=[case["path"] or "<empty>" for case in INVALID])
def test_invalid_paths_are_rejected(case: dict[str, Any]) -> None:
    with pytest.raises(JsonPathError) as raised:
        compile_path(case["path"])
    assert 0 <= raised.value.position <= len(case["path"])


def test_deviations_name_real_cases() -> None:
    paths = {case["path"] for case in SUITE["cases"]}
    assert set(DEVIATIONS) <= paths
    assert {what for how, what in DEVIATIONS.values() if how == "same as"} <= paths


# --- The states API ----------------------------------------------------------------------


def walk(document: Any, path: CompiledPath) -> tuple[list[Match], int]:
    """A walker written against the public API only (recursive: the test documents are shallow).

    Returns the matches and how many times it called ``advance``.
    """
    found: list[Match] = []
    calls = 0
    trail = Trail(document)

    def visit(node: Any, states: frozenset[int]) -> None:
        nonlocal calls
        for key, value in children(node):
            calls += 1
            reached = path.advance(states, key, value, node, trail)
            if reached == EMPTY:
                continue
            if path.accepts(reached):
                location = (*trail.keys, key)
                found.append(Match(location, key, "key") if path.kind == "key" else Match(location, value))
            trail.push(key, value)
            visit(value, reached)
            trail.pop()

    initial = path.initial(document)
    if path.accepts(initial) and path.kind == "value":
        found.append(Match((), document))
    if initial:
        visit(document, initial)
    return found, calls


@pytest.mark.parametrize("case", VALID, ids=[case["path"] for case in VALID])
def test_select_and_the_states_api_agree(case: dict[str, Any]) -> None:
    compiled = compile_path(case["path"])
    walked, _ = walk(DOCUMENT, compiled)
    assert walked == select(DOCUMENT, compiled)


def test_a_fixed_path_prunes_everything_off_its_route() -> None:
    compiled = compile_path("$.info.title")
    root = compiled.initial(DOCUMENT)
    assert compiled.advance(root, "paths", DOCUMENT["paths"], DOCUMENT) == EMPTY
    assert compiled.advance(root, "info", DOCUMENT["info"], DOCUMENT) != EMPTY
    matches, calls = walk(DOCUMENT, compiled)
    assert [match.path for match in matches] == [("info", "title")]
    # The root's members plus info's members: nothing under paths, components ... is offered.
    assert calls == len(DOCUMENT) + len(DOCUMENT["info"])


def test_descendant_paths_keep_their_states_everywhere_but_accept_only_at_names() -> None:
    compiled = compile_path("$..description")
    root = compiled.initial(DOCUMENT)
    paths = compiled.advance(root, "paths", DOCUMENT["paths"], DOCUMENT)
    assert paths != EMPTY
    assert not compiled.accepts(paths)
    info = compiled.advance(root, "info", DOCUMENT["info"], DOCUMENT)
    assert compiled.accepts(compiled.advance(info, "description", "", DOCUMENT["info"]))


def test_state_sets_are_hashable_and_equal_whenever_they_mean_the_same() -> None:
    compiled = compile_path("$..parameters[*].name")
    root = compiled.initial(DOCUMENT)
    first = compiled.advance(root, "paths", DOCUMENT["paths"], DOCUMENT)
    second = compiled.advance(root, "components", DOCUMENT["components"], DOCUMENT)
    assert isinstance(first, frozenset)
    assert first == second
    assert hash(first) == hash(second)
    assert {(id(DOCUMENT["paths"]), first): 1}[(id(DOCUMENT["paths"]), second)] == 1


def test_array_members_advance_by_position() -> None:
    compiled = compile_path("$.servers[1].url")
    root = compiled.initial(DOCUMENT)
    servers = compiled.advance(root, "servers", DOCUMENT["servers"], DOCUMENT)
    assert compiled.advance(servers, 0, DOCUMENT["servers"][0], DOCUMENT["servers"]) == EMPTY
    second = compiled.advance(servers, 1, DOCUMENT["servers"][1], DOCUMENT["servers"])
    assert compiled.accepts(compiled.advance(second, "url", "x", DOCUMENT["servers"][1]))


def test_accepts_gives_the_kind_and_reads_as_a_test() -> None:
    compiled = compile_path("$.paths[*]~")
    root = compiled.initial(DOCUMENT)
    assert compiled.accepts(root) == ()
    item = compiled.advance(compiled.advance(root, "paths", DOCUMENT["paths"], DOCUMENT), "/pets",
                            DOCUMENT["paths"]["/pets"], DOCUMENT["paths"])
    assert compiled.accepts(item) == ("key",)
    assert compiled.is_dead(compiled.advance(item, "get", {}, {})) is True
    assert compiled.is_dead(item) is False


def test_the_root_can_be_selected_from_the_start() -> None:
    assert compile_path("$").accepts(compile_path("$").initial(DOCUMENT))
    parent = compile_path("$.paths^")
    assert parent.accepts(parent.initial(DOCUMENT))
    assert not parent.accepts(parent.initial({"info": {}}))


def test_property_names_are_reported_as_keys() -> None:
    matches = select(DOCUMENT, "$.servers[*]~")
    assert [(match.path, match.value, match.kind) for match in matches] == [
        (("servers", 0), 0, "key"), (("servers", 1), 1, "key"),
    ]
    assert compile_path("$.paths[*]~").kind == "key"
    assert compile_path("$.paths[*]").kind == "value"


def test_parents_are_reported_as_the_parent_node() -> None:
    [match] = select(DOCUMENT, "$.info.title^")
    assert match == Match(("info",), DOCUMENT["info"], "value")


def test_filters_reading_the_location_need_the_trail() -> None:
    assert compile_path("$.paths[?(@property)]").needs_trail is False
    assert compile_path("$.tags[?(@root.tags)]").needs_trail is True
    assert compile_path("$.tags[?(@root.tags)]").location_sensitive is False
    for text in ("$.tags[?(@parent)]", "$.tags[?(@parentProperty)]", "$.tags[?(@path)]"):
        assert compile_path(text).location_sensitive is True
    compiled = compile_path("$.tags[?(@root.openapi)]")
    root = compiled.initial(DOCUMENT)
    tags = compiled.advance(root, "tags", DOCUMENT["tags"], DOCUMENT, Trail(DOCUMENT))
    with pytest.raises(TypeError, match="Trail"):
        compiled.advance(tags, 0, DOCUMENT["tags"][0], DOCUMENT["tags"])


def test_compiling_is_done_once_per_text() -> None:
    assert compile_path("$.info") is compile_path("$.info")
    compiled = compile_path("$.info")
    assert select(DOCUMENT, compiled) == select(DOCUMENT, "$.info")


def test_selection_order_is_document_order() -> None:
    matches = select(DOCUMENT, "$..name")
    assert [match.path for match in matches][:2] == [("tags", 0, "name"), ("tags", 1, "name")]


def test_very_deep_documents_do_not_exhaust_the_stack() -> None:
    document: dict[str, Any] = {"leaf": True}
    for _ in range(10_000):
        document = {"x": document}
    assert len(select(document, "$..leaf")) == 1
    assert [match.path.count("x") for match in select(document, "$..[?(@.leaf)]^")] == [9_999]
    assert len(select(document, "$..x")) == 10_000


def test_mappings_with_numeric_names_and_arrays_share_index_selectors() -> None:
    document = {"list": ["a", "b"], "map": {"1": "one", "01": "zero-one", "-1": "minus"}}
    assert [match.value for match in select(document, "$.*[1]")] == ["b", "one"]
    assert [match.value for match in select(document, "$.*['01']")] == ["zero-one"]
    assert [match.value for match in select(document, "$.*[-1]")] == ["minus"]
    assert [match.value for match in select(document, "$.*[-1:]")] == ["b"]


def test_scalar_documents() -> None:
    assert select(7, "$") == [Match((), 7)]
    assert select(7, "$.x") == []
    assert select(None, "$..x") == []


def test_parent_of_parent_across_a_descendant_segment() -> None:
    document = {"a": {"b": {"x": 1}}, "x": 2}
    assert [match.path for match in select(document, "$..x^^")] == [("a",)]


def test_json_fixture_round_trip_is_stable() -> None:
    # The fixture is read as plain JSON: no custom types sneak into the selections.
    assert json.loads(json.dumps(DOCUMENT)) == DOCUMENT


KEYED = {"a": {"$ref": "#/x", "0": 1, "list": [{"$ref": "#/y"}, "z"]}, "$ref": "#/top", "b": [[{"0": 2}]]}


@pytest.mark.parametrize(("filtered", "named"), [
    ("$..[?(@property === '$ref')]", "$..['$ref']"),
    ("$..[?('$ref' === @property)]^", "$..['$ref']^"),
    ("$.a[?(@property === 'list')][*]", "$.a.list[*]"),
])
def test_a_filter_on_the_key_alone_selects_what_the_name_selects(filtered: str, named: str) -> None:
    assert [match.path for match in select(KEYED, filtered)] == [match.path for match in select(KEYED, named)]


def test_a_filter_on_a_key_that_spells_a_position_selects_no_array_item() -> None:
    # @property is a number for array items, never the string '0'; the name '0' would select item 0.
    assert sorted(tuple(match.path) for match in select(KEYED, "$..[?(@property === '0')]")) == [
        ("a", "0"), ("b", 0, 0, "0")]
