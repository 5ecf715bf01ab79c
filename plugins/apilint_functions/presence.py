"""Functions about whether something is there: ``truthy``, ``falsy``, ``defined``, ``undefined``, and
``xor`` and ``or`` over an object's properties.

"Absent" is :data:`~apilint_functions.values.UNDEFINED`, which the engine passes when ``field`` names a
property the selected object does not have. Truth is JavaScript's: ``false``, ``0``, ``""``, ``null`` and
absence are falsy; every object and array, even an empty one, is truthy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint_functions.values import UNDEFINED, describe_list, describe_value, is_truthy, object_keys

__all__ = ["DEFINED", "FALSY", "FUNCTIONS", "OR", "TRUTHY", "UNDEFINED_FUNCTION", "XOR"]


def _truthy(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if value is UNDEFINED:
        yield FunctionResult("is missing")
    elif not is_truthy(value):
        shown = "an empty string" if value == "" else describe_value(value)
        yield FunctionResult(f"must not be {shown}")


def _falsy(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if is_truthy(value):
        yield FunctionResult('must be absent, or false, 0, "" or null')


def _defined(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if value is UNDEFINED:
        yield FunctionResult("must be present")


def _undefined(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if value is not UNDEFINED:
        yield FunctionResult("must not be present")


TRUTHY = RuleFunction(
    name="truthy",
    check=_truthy,
    description='The value is present and is not false, 0, "" or null.',
)
FALSY = RuleFunction(
    name="falsy",
    check=_falsy,
    description='The value is absent, or is false, 0, "" or null.',
)
DEFINED = RuleFunction(
    name="defined",
    check=_defined,
    description="The value is present (null counts as present).",
)
UNDEFINED_FUNCTION = RuleFunction(
    name="undefined",
    check=_undefined,
    description="The value is absent.",
)


def _present(value: Mapping[str, Any], names: list[str]) -> list[str]:
    # A property counts as soon as its key is written, whatever its value (null included).
    wanted = set(names)
    return [key for key in object_keys(value) if key in wanted]


def _xor(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    names = [str(name) for name in options.get("properties") or []]
    present = _present(value, names)
    if not present:
        yield FunctionResult(f"must have exactly one of the properties {describe_list(names)}")
    elif len(present) > 1:
        yield FunctionResult(f"must have only one of the properties {describe_list(names)}, "
                             f"but has {describe_list(present)}")


def _or(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    names = [str(name) for name in options.get("properties") or []]
    if not _present(value, names):
        yield FunctionResult(f"must have at least one of the properties {describe_list(names)}")


def _properties_option(function: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "properties": {
                "type": "array",
                "items": {"type": "string"},
                "minItems": 2,
                "description": f"The property names, at least two, that `{function}` counts.",
            },
        },
        "required": ["properties"],
        "additionalProperties": False,
    }


XOR = RuleFunction(
    name="xor",
    check=_xor,
    description="An object has exactly one of the `properties`.",
    options_schema=_properties_option("xor"),
)
OR = RuleFunction(
    name="or",
    check=_or,
    description="An object has at least one of the `properties`.",
    options_schema=_properties_option("or"),
)

FUNCTIONS = (TRUTHY, FALSY, DEFINED, UNDEFINED_FUNCTION, XOR, OR)
