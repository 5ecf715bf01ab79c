"""JSON values as Spectral's functions see them: JavaScript's notions of absence, truth and key order.

Spectral's functions are written in JavaScript, so which inputs they accept and what they report
depend on JavaScript semantics. The helpers here reproduce the few that matter for parsed JSON and
YAML data.

The engine passes :data:`UNDEFINED` (the core's sentinel, re-exported here) as the value of a
``field`` that the selected node does not have; Python ``None`` is JSON ``null``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from apilint.functions import UNDEFINED

__all__ = ["UNDEFINED", "describe_list", "describe_value", "is_defined", "is_number", "is_truthy", "object_keys"]

# Array indexes are the integers below 2**32 - 1 (ECMA-262, "array index").
_MAX_ARRAY_INDEX = 2**32 - 2


def is_defined(value: Any) -> bool:
    """False only for an absent value; ``null`` is defined."""
    return value is not UNDEFINED


def is_number(value: Any) -> bool:
    """A JSON number: int or float, but not bool (which Python counts as an int)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_truthy(value: Any) -> bool:
    """JavaScript truthiness: empty objects and arrays are truthy, unlike in Python."""
    if value is UNDEFINED or value is None or isinstance(value, bool):
        return value is True
    if is_number(value):
        return value != 0 and not math.isnan(value)
    if isinstance(value, str):
        return value != ""
    return True


def _array_index(key: str) -> int | None:
    if not key.isascii() or not key.isdigit() or (len(key) > 1 and key[0] == "0"):
        return None
    index = int(key)
    return index if index <= _MAX_ARRAY_INDEX else None


def object_keys(mapping: Mapping[Any, Any]) -> list[Any]:
    """The keys in the order JavaScript's ``Object.keys`` gives them.

    Keys that are array indexes ("0", "200", "404") come first in numeric order, then the rest
    in document order. Spectral sees objects this way, so sorting and messages depend on it.
    """
    indexed: list[tuple[int, Any]] = []
    named: list[Any] = []
    for key in mapping:
        index = _array_index(str(key))
        if index is None:
            named.append(key)
        else:
            indexed.append((index, key))
    indexed.sort(key=lambda pair: pair[0])
    return [key for _, key in indexed] + named


def describe_value(value: Any) -> str:
    """A short rendering for messages: strings quoted, containers summarised."""
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, str | bool | int | float) or value is None:
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    return str(value)


def describe_list(values: Iterable[Any]) -> str:
    """``"a", "b", 3`` — values joined for a message."""
    return ", ".join(describe_value(value) for value in values)
