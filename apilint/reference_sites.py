"""Finding the ``$ref``s written in a document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from apilint.pointer import join_pointer

__all__ = ["iter_reference_sites"]

# Values under these keys are literal data (examples, enums, defaults) where a "$ref"
# member is just data, not a reference to resolve.
_LITERAL_KEYS = frozenset({"example", "enum", "const"})


def _is_literal(parent_key: str | None, grandparent_key: str | None, key: str) -> bool:
    if key in _LITERAL_KEYS:
        return True
    # ``default`` is literal data in a schema but a Response object under ``responses``.
    if key == "default":
        return parent_key != "responses"
    # The ``value`` of an Example object (``examples/<name>/value``) is literal data.
    return key == "value" and grandparent_key == "examples"


def iter_reference_sites(data: Any) -> Iterator[tuple[str, str]]:
    """Yield ``(pointer of the object holding $ref, the $ref string)`` for every reference.

    Each container is visited once even if YAML aliases share it between places, so the
    walk is linear in the size of the written file.
    """
    seen: set[int] = set()
    # (value, pointer, key of this value, key of its parent)
    stack: list[tuple[Any, str, str | None, str | None]] = [(data, "", None, None)]
    while stack:
        value, pointer, key, parent_key = stack.pop()
        if not isinstance(value, dict | list) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                yield pointer, ref
            children = [
                (child, join_pointer(pointer, name), name, key)
                for name, child in value.items()
                if isinstance(child, dict | list) and not _is_literal(key, parent_key, name)
            ]
        else:
            children = [
                (child, join_pointer(pointer, index), key, parent_key)
                for index, child in enumerate(value)
                if isinstance(child, dict | list)
            ]
        stack.extend(reversed(children))
