"""Functions that compare a value with something: ``alphabetical`` (an order), ``enumeration`` (a set of
allowed values) and ``length`` (bounds)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint_functions.values import UNDEFINED, describe_list, describe_value, is_number, object_keys

__all__ = ["ALPHABETICAL", "ENUMERATION", "FUNCTIONS", "LENGTH", "locale_compare"]

# -- string order, as JavaScript's String.prototype.localeCompare gives it

# ASCII in the order of the Unicode root collation (what localeCompare uses for "en"), found by
# sorting every ASCII character with Node.js. Letters that differ only in case share a place.
_ASCII_ORDER = ("\t\n\x0b\x0c\r _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789"
                "aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ")


def _primary_weights(order: str) -> dict[str, int]:
    weights: dict[str, int] = {}
    for char in order:
        weights[char] = weights.get(char.lower(), len(set(weights.values())) + 1)
    return weights


_PRIMARY = _primary_weights(_ASCII_ORDER)
# Letters that collate as two; "ø" and the like collate as their base letter with a diacritic.
_EXPANSIONS = {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ĳ": "ij", "Ĳ": "IJ"}
_STROKED = {"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ħ": "h", "Ħ": "H"}
# Diacritics used in Latin text, in the order the root collation gives them (found with Node.js);
# the rest follow in code point order.
_MARK_ORDER = "\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0338\u0327\u0328\u0304"
_MARK_WEIGHTS = {mark: index + 2 for index, mark in enumerate(_MARK_ORDER)}
_STROKE = _MARK_WEIGHTS["\u0338"]
# Characters outside the table sort after Latin, by code point; a rough stand-in for script order.
_OTHER_SCRIPTS = 1000

_Element = tuple[int, int, int]


def _elements(char: str) -> list[_Element]:
    """(primary, secondary, tertiary) weights of one character; an empty list if it is ignored."""
    primary = _PRIMARY.get(char)
    if primary is not None:
        return [(primary, 1, 2 if char.isupper() else 1)]
    if char in _EXPANSIONS:
        return [(weights[0], weights[1], 3) for part in _EXPANSIONS[char] for weights in _elements(part)]
    if char in _STROKED:
        return [*_elements(_STROKED[char]), (0, _STROKE, 1)]
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):
        return []
    if category == "Zs":
        return [(_PRIMARY[" "], 1, 1)]
    if category.startswith("M"):
        return [(0, _MARK_WEIGHTS.get(char, 0x10000 + ord(char)), 1)]
    decomposed = unicodedata.normalize("NFD", char)
    if decomposed != char:
        return [element for part in decomposed for element in _elements(part)]
    lower = char.lower()
    if len(lower) == 1 and lower != char:
        return [(_OTHER_SCRIPTS + ord(lower), 1, 2)]
    return [(_OTHER_SCRIPTS + ord(char), 1, 1)]


@lru_cache(maxsize=4096)
def _sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    elements = [element for char in text for element in _elements(char)]
    return (tuple(p for p, _, _ in elements if p), tuple(s for _, s, _ in elements if s),
            tuple(t for _, _, t in elements if t))


def locale_compare(left: str, right: str) -> int:
    """-1, 0 or 1, as ``left.localeCompare(right)`` in Node.js with an English locale.

    Exact for ASCII: case is ignored unless it is the only difference (then lower case first),
    punctuation sorts before digits and digits before letters, control characters are ignored.
    Accented Latin letters sort with their base letter; other scripts sort after Latin by code
    point, which approximates but does not reproduce the full Unicode collation.
    """
    left_key, right_key = _sort_key(left), _sort_key(right)
    return (left_key > right_key) - (left_key < right_key)


# -- alphabetical

_JS_SPACE = "\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a" \
            "\u2028\u2029\u202f\u205f\u3000\ufeff"
_JS_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_JS_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)")


def _to_number(value: Any) -> float:
    """JavaScript's ``Number(value)`` for a string or number."""
    if is_number(value):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    text = str(value).strip(_JS_SPACE)
    if text == "":
        return 0.0
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if text[0] == "-" else math.inf
    if _JS_DECIMAL.fullmatch(text):
        return float(text)
    if _JS_RADIX.fullmatch(text):
        return float(int(text, 0))
    return math.nan


def _compare(left: Any, right: Any) -> int:
    # Spectral compares numerically when the left item is a number or is *not* numeric text and the
    # right one is a number or numeric text; a non-number then gives NaN, which counts as "in order".
    # Otherwise two strings are compared as text, so "10" sorts before "9".
    if (is_number(left) or math.isnan(_to_number(left))) and (is_number(right) or not math.isnan(_to_number(right))):
        difference = _to_number(left) - _to_number(right)
        return 0 if math.isnan(difference) else (difference > 0) - (difference < 0)
    if isinstance(left, str) and isinstance(right, str):
        return locale_compare(left, right)
    return 0


def _alphabetical(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if isinstance(value, list):
        items: list[Any] = list(value)
    elif isinstance(value, Mapping):
        items = [str(key) for key in object_keys(value)]
    else:
        return
    if len(items) < 2:
        return
    keyed_by = (options or {}).get("keyedBy")
    if keyed_by is not None:
        # An object's keys are strings, not objects, so sorting an object by a key always fails (as in Spectral).
        if not all(isinstance(item, Mapping | list) for item in items):
            yield FunctionResult(f'must be a list of objects to be sorted by "{keyed_by}"')
            return
        items = [item.get(keyed_by, UNDEFINED) if isinstance(item, Mapping) else UNDEFINED for item in items]
    if not all(isinstance(item, str) or is_number(item) for item in items):
        what = f'every item\'s "{keyed_by}"' if keyed_by is not None else "every item"
        yield FunctionResult(f"can be sorted only if {what} is a string or a number")
        return
    for index in range(len(items) - 1):
        if _compare(items[index], items[index + 1]) > 0:
            first, second = describe_value(items[index]), describe_value(items[index + 1])
            if keyed_by is not None:
                yield FunctionResult(f'is not sorted alphabetically by "{keyed_by}": {first} comes before {second}')
            else:
                yield FunctionResult(f"{first} should come after {second} (alphabetical order)",
                                     (index if isinstance(value, list) else items[index],))
            return


ALPHABETICAL = RuleFunction(
    name="alphabetical",
    check=_alphabetical,
    description="An array (of strings, numbers, or objects sorted by the key `keyedBy`) or an object's keys "
                "are in alphabetical order; reports the first item that is out of order.",
    options_schema={
        "type": ["object", "null"],
        "properties": {"keyedBy": {"type": "string", "description": "The key of each object to sort by."}},
        "additionalProperties": False,
    },
)


# -- enumeration

def _same_value(left: Any, right: Any) -> bool:
    """JavaScript's ``Array.prototype.includes`` equality: NaN equals NaN, true is not 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if is_number(left) and is_number(right):
        return left == right or (math.isnan(left) and math.isnan(right))
    if left is None or right is None:
        return left is right
    return isinstance(left, str) and isinstance(right, str) and left == right


def _enumeration(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not (value is None or isinstance(value, str | bool) or is_number(value)):
        return
    allowed = options.get("values") or []
    if not any(_same_value(value, candidate) for candidate in allowed):
        yield FunctionResult(f"must be one of: {describe_list(allowed)}")


ENUMERATION = RuleFunction(
    name="enumeration",
    check=_enumeration,
    description="A string, number, boolean or null is one of `values`.",
    options_schema={
        "type": "object",
        "properties": {
            "values": {
                "type": "array",
                "items": {"type": ["string", "number", "null", "boolean"]},
                "description": "The allowed values.",
            },
        },
        "required": ["values"],
        "additionalProperties": False,
    },
)


# -- length

def _utf16_length(text: str) -> int:
    # JavaScript counts UTF-16 code units, so a character outside the BMP (an emoji) counts as two.
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


_BOUND_PHRASES = {
    "characters": ("is shorter than {} character{}", "is longer than {} character{}"),
    "items": ("has fewer than {} item{}", "has more than {} item{}"),
    "properties": ("has fewer than {} propert{}", "has more than {} propert{}"),
    "": ("is less than {}{}", "is greater than {}{}"),
}


def _bound_message(unit: str, bound: Any, index: int) -> str:
    plural = "" if not unit else ("y" if bound == 1 else "ies") if unit == "properties" else ("" if bound == 1 else "s")
    return _BOUND_PHRASES[unit][index].format(describe_value(bound), plural)


def _length(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if isinstance(value, Mapping):
        size, unit = len(value), "properties"
    elif isinstance(value, list):
        size, unit = len(value), "items"
    elif isinstance(value, str):
        size, unit = _utf16_length(value), "characters"
    elif is_number(value):
        size, unit = value, ""
    else:
        return
    minimum, maximum = options.get("min"), options.get("max")
    # Both can be reported at once when min > max, as in Spectral.
    if minimum is not None and is_number(minimum) and size < minimum:
        yield FunctionResult(_bound_message(unit, minimum, 0))
    if maximum is not None and is_number(maximum) and size > maximum:
        yield FunctionResult(_bound_message(unit, maximum, 1))


LENGTH = RuleFunction(
    name="length",
    check=_length,
    description="A string's length, an array's number of items, an object's number of properties or a number's "
                "value is at least `min` and at most `max`.",
    options_schema={
        "type": "object",
        "properties": {
            "min": {"type": "number", "description": "The smallest length allowed."},
            "max": {"type": "number", "description": "The largest length allowed."},
        },
        "minProperties": 1,
        "additionalProperties": False,
    },
)

FUNCTIONS = (ALPHABETICAL, ENUMERATION, LENGTH)
