"""Finding the ``$ref``s written in a document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, overload

from apilint.pointer import PointerChain, chain_pointer

__all__ = ["ReferenceScan", "is_literal_member", "iter_reference_sites", "literal_members", "walk_references"]

# Values under these keys are literal data (examples, enums, defaults) where a "$ref"
# member is just data, not a reference to resolve.
_LITERAL_KEYS = frozenset({"example", "enum", "const"})
#: Objects whose keys are names the author chose (a property called "default", an example called
#: "enum"), never keywords.
_NAME_MAPS = frozenset({
    "properties", "patternProperties", "dependentSchemas", "definitions", "$defs", "examples", "responses",
    "schemas", "parameters", "headers", "links", "callbacks", "requestBodies", "securitySchemes", "pathItems",
    "mediaTypes", "content", "encoding", "variables", "paths", "webhooks",
})


#: The members that hold literal data in an object that is not a map of names: ``default`` is a
#: schema's default value (under ``responses``, a map of names, it is a Response object), and
#: ``value`` is literal in an Example object (``examples/<name>/value``).
_LITERAL_IN_EXAMPLES = _LITERAL_KEYS | {"default", "value"}
_LITERAL_ELSEWHERE = _LITERAL_KEYS | {"default"}


def is_literal_member(parent_key: str | None, grandparent_key: str | None, key: str) -> bool:
    """Whether member ``key`` of an object (itself under ``parent_key``) holds literal data.

    A ``$ref`` found in literal data (an example, an enum, a schema's default) is data, not a reference.
    """
    return key in literal_members(parent_key, grandparent_key)


_NONE: frozenset[str] = frozenset()


def literal_members(parent_key: str | None, grandparent_key: str | None) -> frozenset[str]:
    """The names of the members that hold literal data in an object under ``parent_key`` (see
    :func:`is_literal_member`): for walks that decide it once for all the members of an object."""
    if parent_key in _NAME_MAPS:
        return _NONE
    return _LITERAL_IN_EXAMPLES if grandparent_key == "examples" else _LITERAL_ELSEWHERE


@overload
def iter_reference_sites(data: Any, *, malformed: Literal[False] = False) -> Iterator[tuple[str, str]]: ...


@overload
def iter_reference_sites(data: Any, *, malformed: bool) -> Iterator[tuple[str, Any]]: ...


def iter_reference_sites(data: Any, *, malformed: bool = False) -> Iterator[tuple[str, Any]]:
    """Yield ``(pointer of the object holding $ref, the $ref string)`` for every reference.

    With ``malformed``, also the objects whose ``$ref`` is not a string (a number, a list,
    null ...), with that value: they are broken references, not data, unless the object is a
    map of names (``properties``), where ``$ref`` is a name like any other. Each container is
    visited once even if YAML aliases share it between places, so the walk is linear in the size
    of the written file.
    """
    for pointer, ref in walk_references(data).sites:
        if malformed or isinstance(ref, str):
            yield pointer, ref


@dataclass(frozen=True, slots=True)
class ReferenceScan:
    """What one walk over a document finds about its references.

    ``sites`` are :func:`iter_reference_sites`' with ``malformed``, in document order.
    ``containers_with_refs`` holds the ids of the containers with a string ``$ref`` at or below
    them (outside literal data): a resolved view of any other container is the container itself.
    """

    sites: tuple[tuple[str, Any], ...]
    containers_with_refs: frozenset[int]


def walk_references(data: Any, *, tree: bool = False) -> ReferenceScan:
    """Walk ``data`` once for its references (see :class:`ReferenceScan`).

    Each container is walked below once, even if YAML aliases put it at several places; each of
    its places is remembered, so that a reference below it marks the containers above every place.
    ``tree``: the caller knows that no container is at two places (a document without YAML anchors).
    """
    try:
        return _walk_tree(data, tree)
    except _NotATree:
        return _walk_graph(data)


#: How deep the walk of a tree goes on the Python stack; deeper documents are walked with a stack of its own.
_TREE_DEPTH = 200


class _NotATree(Exception):
    """A container is at two places (a YAML alias), or the nesting is deeper than :data:`_TREE_DEPTH`."""


def _walk_tree(data: Any, tree: bool) -> ReferenceScan:
    """:func:`walk_references` for data that is a tree: most documents (every JSON one) are.

    A recursive walk that needs no record of where each container is held: a container is marked
    when its walk below returns having met a reference. It raises :class:`_NotATree` as soon as
    it meets a container a second time (looked for unless ``tree`` says there is none) or goes too
    deep, for :func:`_walk_graph` to start over.
    """
    sites: list[tuple[str, Any]] = []
    marked: set[int] = set()
    seen: set[int] = set()

    def visit(value: Any, chain: PointerChain, key: str | None, parent_key: str | None, depth: int) -> bool:
        if depth > _TREE_DEPTH:
            raise _NotATree
        if not tree:
            if id(value) in seen:
                raise _NotATree
            seen.add(id(value))
        found = False
        if isinstance(value, dict):
            ref = value.get("$ref")
            if ref is not None or "$ref" in value:
                if isinstance(ref, str) or key not in _NAME_MAPS:
                    sites.append((chain_pointer(chain), ref))
                found = isinstance(ref, str)
            literal = literal_members(key, parent_key)  # decided once for all the members of this object
            for name, child in value.items():
                if isinstance(child, dict | list) and name not in literal \
                        and visit(child, (chain, name), name, key, depth + 1):
                    found = True
        else:
            for index, child in enumerate(value):
                if isinstance(child, dict | list) and visit(child, (chain, index), key, parent_key, depth + 1):
                    found = True
        if found:
            marked.add(id(value))
        return found

    if isinstance(data, dict | list):
        visit(data, None, None, None, 0)
    return ReferenceScan(tuple(sites), frozenset(marked))


def _walk_graph(data: Any) -> ReferenceScan:
    """:func:`walk_references` for any data: containers shared by YAML aliases, nesting of any depth."""
    sites: list[tuple[str, Any]] = []
    marked: set[int] = set()
    # The container holding each container met first, and the others that hold it too (YAML aliases).
    holder_of: dict[int, Any] = {}
    more_holders: dict[int, list[Any]] = {}

    def mark(node: Any) -> None:
        pending = [node]
        while pending:
            current = pending.pop()
            if current is None or id(current) in marked:
                continue
            marked.add(id(current))
            pending.append(holder_of[id(current)])
            pending.extend(more_holders.get(id(current), ()))

    stack: list[tuple[Any, PointerChain, str | None, str | None, Any]] = [(data, None, None, None, None)]
    while stack:
        value, chain, key, parent_key, holder = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if id(value) in holder_of:
            if holder is not None:
                more_holders.setdefault(id(value), []).append(holder)
                if id(value) in marked:
                    mark(holder)
            continue
        holder_of[id(value)] = holder
        children: list[tuple[Any, PointerChain, str | None, str | None, Any]]
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) or ("$ref" in value and key not in _NAME_MAPS):
                sites.append((chain_pointer(chain), ref))
            if isinstance(ref, str):
                mark(value)
            children = [
                (child, (chain, name), name, key, value)
                for name, child in value.items()
                if isinstance(child, dict | list) and not is_literal_member(key, parent_key, name)
            ]
        else:
            children = [
                (child, (chain, index), key, parent_key, value)
                for index, child in enumerate(value)
                if isinstance(child, dict | list)
            ]
        stack.extend(reversed(children))
    return ReferenceScan(tuple(sites), frozenset(marked))

