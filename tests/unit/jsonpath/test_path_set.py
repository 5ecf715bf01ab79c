"""Many paths as one automaton: a walk with the set selects what each path selects on its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apilint.jsonpath import CompiledPathSet, Key, Match, StateSet, Trail, children, compile_path, select
from tests.unit.jsonpath import load

SELECTIONS = load("selections.json")
FILTERS = load("filters.json")
UNSUPPORTED_FLAGS = {"$.strings[?(@.match(/x/y))]", "$.strings[?(@.match(/x/d))]", "$.strings[?(@.match(/x/v))]"}


def _paths(suite: dict[str, Any], *groups: str) -> list[str]:
    return [case["path"] for case in suite["cases"]
            if case["group"] != "invalid" and case["path"] not in UNSUPPORTED_FLAGS
            and (not groups or case["group"] in groups)]


def walk(data: Any, path_set: CompiledPathSet) -> list[list[Match]]:
    """Each path's matches, found in one walk driven by the set alone (as the rules runner walks)."""
    found: list[list[Match]] = [[] for _ in range(len(path_set))]
    states = path_set.initial(data)
    if path_set.is_dead(states):
        return found
    for number, kind in path_set.accepts(states):
        if kind == "value":
            found[number].append(Match((), data))
    trail = Trail(data)
    stack: list[tuple[Iterator[tuple[Key, Any]], StateSet, Any]] = [(children(data), states, data)]
    while stack:
        iterator, states, parent = stack[-1]
        item = next(iterator, None)
        if item is None:
            stack.pop()
            if stack:
                trail.pop()
            continue
        key, value = item
        reached = path_set.advance(states, key, value, parent, trail)
        if path_set.is_dead(reached):
            continue
        location = (*trail.keys, key)
        for number, kind in path_set.accepts(reached):
            found[number].append(Match(location, key, "key") if kind == "key" else Match(location, value))
        if isinstance(value, dict | list) and value:
            trail.push(key, value)
            stack.append((children(value), reached, value))
    return found


def _assert_same_as_alone(data: Any, paths: list[str]) -> None:
    path_set = CompiledPathSet(compile_path(path) for path in paths)
    together = walk(data, path_set)
    for path, matches in zip(paths, together, strict=True):
        assert matches == select(data, path), path
    # And so, as a whole, exactly the union of what the paths select one by one.
    union = {(path, match.path, match.kind) for path in paths for match in select(data, path)}
    assert {(paths[number], match.path, match.kind)
            for number, matches in enumerate(together) for match in matches} == union


SELECTION_GROUPS = sorted({case["group"] for case in SELECTIONS["cases"]} - {"invalid"})


@pytest.mark.parametrize("group", SELECTION_GROUPS)
def test_each_group_of_paths_together_selects_what_each_selects_alone(group: str) -> None:
    _assert_same_as_alone(SELECTIONS["data"], _paths(SELECTIONS, group))


def test_all_selection_paths_in_one_set() -> None:
    # Names, wildcards, '..', unions, slices, filters, '~' and '^' side by side in one automaton.
    paths = _paths(SELECTIONS)
    assert len(paths) > 150
    _assert_same_as_alone(SELECTIONS["data"], paths)


def test_all_filter_paths_in_one_set() -> None:
    _assert_same_as_alone(FILTERS["data"], _paths(FILTERS))


@pytest.mark.parametrize("paths", [
    ["$..properties[*]", "$..properties", "$..properties[*]~", "$..*~"],
    ["$.paths[*][get,put,post]", "$.paths[*]['get', 'delete']", "$.paths[*][*].responses[200,404]"],
    ["$.x-numbers[1:3]", "$.x-numbers[-2:]", "$.x-numbers[::2]", "$.x-numbers[3:0:-1]", "$.x-numbers[0,2]"],
    ["$..[?(@.type == 'string')]", "$..parameters[?(@.in == 'query')].name", "$..[?(@property === 'get')]~"],
    ["$..[?(@parentProperty === 'paths')]", "$..[?(@path.length > 3)]", "$..[?(@root.openapi)]", "$..name"],
])
def test_hand_picked_mixtures(paths: list[str]) -> None:
    _assert_same_as_alone(SELECTIONS["data"], paths)


def test_a_path_given_twice_selects_for_both() -> None:
    _assert_same_as_alone(SELECTIONS["data"], ["$..description", "$.info", "$..description"])


def test_paths_may_be_given_as_text() -> None:
    path_set = CompiledPathSet(["$.info", "$..name~"])
    assert [path.text for path in path_set.paths] == ["$.info", "$..name~"]
    info, names = walk(SELECTIONS["data"], path_set)
    assert [match.path for match in info] == [("info",)]
    assert names == select(SELECTIONS["data"], "$..name~")


def test_an_empty_set_selects_nothing() -> None:
    path_set = CompiledPathSet([])
    assert path_set.is_dead(path_set.initial({"a": 1}))
    assert walk({"a": 1}, path_set) == []


def test_the_root_is_accepted_by_the_paths_that_select_it() -> None:
    path_set = CompiledPathSet(["$.a", "$", "$..*", "$~"])
    assert path_set.accepts(path_set.initial({"a": 1})) == ((1, "value"), (3, "key"))


def test_key_steps_of_many_descendant_paths_share_one_table() -> None:
    paths = [f"$..properties[?(@['x-flag-{n}'])]" for n in range(100)]
    path_set = CompiledPathSet(paths)
    root = {"a": {"b": 1}}
    states = path_set.initial(root)
    first = path_set.advance(states, "a", root["a"], root)
    # The same key from the same states is answered from the cache, as the very same set.
    assert path_set.advance(states, "a", root["a"], root) is first
    assert first == states
    assert path_set.accepts(first) == ()
    properties = {"properties": {"p": {"x-flag-7": True}, "q": {}}}
    below = path_set.advance(states, "properties", properties["properties"], properties)
    chosen = path_set.advance(below, "p", properties["properties"]["p"], properties["properties"])
    assert path_set.accepts(chosen) == ((7, "value"),)
    assert path_set.accepts(path_set.advance(below, "q", {}, properties["properties"])) == ()


def test_memoising_is_unsafe_only_where_a_location_reading_path_is_alive() -> None:
    path_set = CompiledPathSet(["$..name", "$.info[?(@parentProperty === 'info')]", "$..[?(@root.openapi)]"])
    document = {"info": {"title": "t"}, "paths": {}}
    states = path_set.initial(document)
    assert not path_set.memo_safe(states)
    info = path_set.advance(states, "info", document["info"], document, Trail(document))
    assert not path_set.memo_safe(info)
    outside = path_set.advance(states, "paths", document["paths"], document, Trail(document))
    # @root does not depend on where the node is, so the paths alive here can be memoised.
    assert path_set.memo_safe(outside)


def test_a_trail_is_required_when_some_path_reads_the_location() -> None:
    path_set = CompiledPathSet(["$.a", "$..[?(@path.length > 1)]"])
    assert path_set.needs_trail
    document = {"a": {}}
    with pytest.raises(TypeError, match="Trail"):
        path_set.advance(path_set.initial(document), "a", {}, document)
    assert not CompiledPathSet(["$.a", "$..[?(@.b)]"]).needs_trail
