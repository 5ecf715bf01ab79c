"""Finding the ``$ref``s written in a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, overload

from apilint.pointer import PointerChain, chain_pointer

__all__ = ["is_literal_member", "iter_reference_sites"]

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
    seen: set[int] = set()
    # (value, the way to it, key of this value, key of its parent); pointers are worked out only
    # for the objects that hold a $ref (see PointerChain).
    stack: list[tuple[Any, PointerChain, str | None, str | None]] = [(data, None, None, None)]
    while stack:
        value, chain, key, parent_key = stack.pop()
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        children: list[tuple[Any, PointerChain, str | None, str | None]]
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) or (malformed and "$ref" in value and key not in _NAME_MAPS):
                yield chain_pointer(chain), ref
            children = [
                (child, (chain, name), name, key)
                for name, child in value.items()
                if isinstance(child, dict | list) and not is_literal_member(key, parent_key, name)
            ]
        else:
            children = [
                (child, (chain, index), key, parent_key)
                for index, child in enumerate(value)
                if isinstance(child, dict | list)
            ]
        stack.extend(reversed(children))
