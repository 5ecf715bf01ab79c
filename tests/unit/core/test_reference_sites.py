"""The walk for ``$ref`` sites: the same answer whether the data is walked as a tree or as a graph."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from apilint import reference_sites
from apilint.document import read_document
from apilint.reference_sites import walk_references

# Keys that decide what walk_references does: maps of names, literal members, references.
_KEYS = st.sampled_from(["$ref", "properties", "responses", "examples", "example", "enum", "default", "value",
                         "const", "schema", "items", "a", "b"])
_SCALARS = st.one_of(st.none(), st.integers(), st.sampled_from(["#/a", "#/b/c", "x"]))
_DATA = st.recursive(
    _SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=5)),
    max_leaves=40,
)


def _graph(data: Any) -> reference_sites.ReferenceScan:
    return reference_sites._walk_graph(data)


@settings(max_examples=300, deadline=None)
@given(_DATA)
@example({"responses": {"default": {"$ref": "#/r"}, "examples": {"e": {"value": {"$ref": "data"}}}},
          "examples": {"one": {"value": {"$ref": "data"}, "summary": {"$ref": "#/s"}},
                       "responses": {"value": {"$ref": "data"}, "default": {"$ref": "#/d"}}},
          "schema": {"properties": {"enum": {"$ref": "#/e"}}, "default": {"$ref": "data"}, "enum": [{"$ref": "d"}]}})
def test_the_walk_of_a_tree_finds_what_the_walk_of_a_graph_finds(data: Any) -> None:
    expected = _graph(data)
    assert walk_references(data, tree=True) == expected
    assert walk_references(data) == expected


def test_a_container_at_two_places_is_walked_as_a_graph() -> None:
    shared = {"schema": {"$ref": "#/components/schemas/Pet"}}
    data = {"paths": {"/a": {"get": {"responses": {"200": shared}}}, "/b": {"post": {"responses": {"201": shared}}}}}
    scan = walk_references(data)
    assert scan == _graph(data)
    # Marked above both places: what only the walk of a graph gets right.
    assert id(data["paths"]["/b"]) in scan.containers_with_refs
    assert [pointer for pointer, _ in scan.sites] == ["/paths/~1a/get/responses/200/schema"]


def test_a_container_that_holds_itself_is_walked_as_a_graph() -> None:
    data: dict[str, Any] = {"a": {"$ref": "#/b"}}
    data["loop"] = data
    assert walk_references(data) == _graph(data)


def test_nesting_deeper_than_the_python_stack_takes_is_walked_as_a_graph() -> None:
    data: Any = {"$ref": "#/bottom"}
    for _ in range(5_000):
        data = {"items": data}
    scan = walk_references(data, tree=True)
    assert scan == _graph(data)
    assert len(scan.containers_with_refs) == 5_001
    assert scan.sites[0][0] == "/items" * 5_000


def test_a_document_without_anchors_is_walked_as_a_tree_and_one_with_them_as_a_graph() -> None:
    plain = read_document("file:///plain.yaml", "plain.yaml", b"a:\n  b: {$ref: '#/c'}\nc: 1\n")
    anchored = read_document("file:///anchored.yaml", "anchored.yaml",
                             b"a: &x\n  b: {$ref: '#/c'}\nd: *x\nc: 1\n")
    assert plain.reference_sites == (("/a/b", "#/c"),)
    # The alias: one site (the container is walked below once), marked at both places.
    assert anchored.reference_sites == (("/a/b", "#/c"),)
    assert id(anchored.data["d"]) in anchored.containers_with_refs
    assert anchored.containers_with_refs == _graph(anchored.data).containers_with_refs
