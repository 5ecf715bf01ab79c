"""Functions for rules about schema objects and what is written beside a ``$ref``.

* ``oasRefSiblings`` (``no-$ref-siblings``): an object holding ``$ref`` has no other properties,
  since OpenAPI 2.0 and 3.0 ignore them.
* ``oasTypedEnum`` (``typed-enum``): every ``enum`` value has the schema's ``type``.
* ``oasEnumUnique`` (``duplicated-entry-in-enum``): an ``enum`` lists no value twice.
* ``oasDiscriminator`` (``oas2-discriminator``): a Swagger 2.0 discriminator names a property the
  schema defines and requires.

Values are judged as JSON (and Spectral, in JavaScript) sees them: ``true`` is not ``1``, ``1.0`` is
an integer, ``null`` is a type of its own.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction, larger_than
from apilint_functions.values import describe_list, describe_value, is_number, object_keys

__all__ = ["DISCRIMINATOR", "ENUM_UNIQUE", "FUNCTIONS", "REF_SIBLINGS", "TYPED_ENUM"]


# -- oasRefSiblings

def _ref_siblings(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    # The rule selects the object that holds the `$ref` (the parent of each `$ref` key), so each
    # sibling can be pointed at.
    if not isinstance(value, Mapping) or "$ref" not in value:
        return
    for key in object_keys(value):
        if key != "$ref":
            yield FunctionResult("must not sit beside `$ref`: properties next to a reference are ignored",
                                 (str(key),))


REF_SIBLINGS = RuleFunction(
    name="oasRefSiblings",
    check=_ref_siblings,
    description="An object with a `$ref` has no other property; each one beside the `$ref` is reported "
                "(give the rule the objects that hold a `$ref`).",
)


# -- oasTypedEnum

def _json_type(value: Any, integers: bool) -> str | None:
    """The JSON type name of ``value``; whole numbers count as "integer" only when ``integers`` is set."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        whole = isinstance(value, int) or (math.isfinite(value) and value.is_integer())
        return "integer" if integers and whole else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, Mapping):
        return "object"
    return None


def _declared_types(schema: Mapping[str, Any], spec_format: str | None) -> list[str] | None:
    declared = schema.get("type")
    if isinstance(declared, str):
        types = [declared]
    elif isinstance(declared, list) and all(isinstance(name, str) for name in declared):
        types = list(declared)
    else:
        return None
    # `nullable` is OpenAPI 3.0's way, and `x-nullable` Swagger 2.0's, to allow null; OpenAPI 3.1
    # writes "null" in the type list, and its `nullable` means nothing.
    if (schema.get("nullable") is True and spec_format == "oas3_0") or \
            (schema.get("x-nullable") is True and spec_format == "oas2"):
        types.append("null")
    return types


def _typed_enum(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    values = value.get("enum")
    types = _declared_types(value, context.spec_format)
    if not isinstance(values, list) or types is None:
        return
    integers = "integer" in types
    if types:
        wanted = "the schema's type " + " or ".join(f'"{name}"' for name in types)
    else:
        wanted = "a type the schema allows: its type list is empty"
    for index, item in enumerate(values):
        if _json_type(item, integers) not in types:
            shown = describe_value(item)
            if isinstance(item, list | Mapping):
                shown = f"at index {index} ({shown})"
            yield FunctionResult(f"The enum value {shown} does not have {wanted}.", ("enum", index), sentence=True)


TYPED_ENUM = RuleFunction(
    name="oasTypedEnum",
    check=_typed_enum,
    description="Every value in a schema's `enum` has the schema's `type`: one of them for a type list, and null "
                "also when `nullable` (OpenAPI 3.0) or `x-nullable` (Swagger 2.0) is true.",
)


# -- oasEnumUnique

class _NotJson(Exception):
    """A value that parsed JSON or YAML cannot hold; such an enum is left alone."""


_NAN = ("number", "NaN")


def _identity(value: Any) -> Hashable:
    """A key that two values share exactly when they are deeply equal as JSON values.

    Numbers compare by value whatever their spelling (``1`` and ``1.0`` are one number, as in
    JavaScript), booleans are not numbers, and object members compare regardless of order.
    """
    if value is None or isinstance(value, bool | str):
        return (type(value).__name__, value)
    if is_number(value):
        if isinstance(value, float) and math.isnan(value):
            return _NAN
        try:
            return ("number", float(value))
        except OverflowError:  # an integer beyond double range is Infinity to JavaScript
            return ("number", math.inf if value > 0 else -math.inf)
    if isinstance(value, list):
        return ("array", tuple(_identity(item) for item in value))
    if isinstance(value, Mapping):
        return ("object", frozenset((str(key), _identity(item)) for key, item in value.items()))
    raise _NotJson(type(value).__name__)


def _enum_unique(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    # Comparing walks every item whole, at every place a YAML alias repeats a part of it; an enum
    # too large for that is left alone, as is one that is not JSON.
    if not isinstance(value, list) or larger_than(value):
        return
    try:
        identities = [_identity(item) for item in value]
    except (_NotJson, RecursionError):
        return
    first: dict[Hashable, int] = {}
    repeated: list[int] = []  # the first position of each value that comes again
    for index, identity in enumerate(identities):
        seen = first.setdefault(identity, index)
        if seen != index and seen not in repeated:
            repeated.append(seen)
    if repeated:
        listed = describe_list(value[index] for index in repeated)
        yield FunctionResult(f"must list each value once, but repeats {listed}")


ENUM_UNIQUE = RuleFunction(
    name="oasEnumUnique",
    check=_enum_unique,
    description="An `enum` array lists no value twice (values are compared as JSON: deeply, 1 and 1.0 are the same, "
                "1 and true are not); one problem per array, naming the repeated values.",
)


# -- oasDiscriminator

def _keys(value: Any) -> list[str]:
    if isinstance(value, Mapping):
        return [str(key) for key in value]
    if isinstance(value, list):  # JavaScript sees an array's positions as its keys
        return [str(index) for index in range(len(value))]
    return []


def _discriminator(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    name = value.get("discriminator")
    if not isinstance(name, str):
        return
    shown = describe_value(name)
    if name not in _keys(value.get("properties")):
        yield FunctionResult(f"must define the discriminator property {shown}", ("properties",))
    required = value.get("required")
    if not isinstance(required, list) or not any(isinstance(item, str) and item == name for item in required):
        yield FunctionResult(f"must list the discriminator property {shown}", ("required",))


DISCRIMINATOR = RuleFunction(
    name="oasDiscriminator",
    check=_discriminator,
    description="A Swagger 2.0 schema's `discriminator` names a property that the schema's `properties` define "
                "and its `required` list holds.",
)

FUNCTIONS = (REF_SIBLINGS, TYPED_ENUM, ENUM_UNIQUE, DISCRIMINATOR)
