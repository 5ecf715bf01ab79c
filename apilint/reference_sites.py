"""Finding the ``$ref``s written in a document."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, overload

from apilint.pointer import PointerChain, chain_pointer

__all__ = ["ReferenceScan", "is_literal_member", "iter_reference_sites", "walk_references"]

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


def is_literal_member(parent_key: str | None, grandparent_key: str | None, key: str) -> bool:
    """Whether member ``key`` of an object (itself under ``parent_key``) holds literal data.

    A ``$ref`` found in literal data (an example, an enum, a schema's default) is data, not a reference.
    """
    if parent_key in _NAME_MAPS:
        return False
    if key in _LITERAL_KEYS:
        return True
    # ``default`` is literal data in a schema but a Response object under ``responses``.
    if key == "default":
        return parent_key != "responses"
    # The ``value`` of an Example object (``examples/<name>/value``) is literal data.
    return key == "value" and grandparent_key == "examples"


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


def walk_references(data: Any) -> ReferenceScan:
    """Walk ``data`` once for its references (see :class:`ReferenceScan`).

    Each container is walked below once, even if YAML aliases put it at several places; each of
    its places is remembered, so that a reference below it marks the containers above every place.
    """
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

