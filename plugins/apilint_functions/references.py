"""``unreferencedReusableObject``: reusable objects (components, definitions) that nothing refers to."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint.pointer import decode_fragment, join_pointer
from apilint_functions.values import object_keys

__all__ = ["FUNCTIONS", "UNREFERENCED_REUSABLE_OBJECT"]


def _pointer(reference_target: str) -> str:
    # Accept targets written as fragments ("#/a") as well as plain pointers ("/a").
    return decode_fragment(reference_target[1:]) if reference_target.startswith("#") else reference_target


def _unreferenced(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    location = options.get("reusableObjectsLocation")
    if not isinstance(location, str) or not location.startswith("#"):
        return
    container = decode_fragment(location[1:])
    uri = context.document.uri
    targets = {_pointer(pointer) for document, pointer in context.references() if document == uri}
    for name in object_keys(value):
        # Only a reference to the object itself counts, not one to something inside it (as in Spectral).
        if join_pointer(container, name) not in targets:
            yield FunctionResult("is not referenced anywhere", (name,))


UNREFERENCED_REUSABLE_OBJECT = RuleFunction(
    name="unreferencedReusableObject",
    check=_unreferenced,
    description="Every member of the object at `reusableObjectsLocation` (a fragment such as "
                '"#/components/schemas") is the target of some reference.',
    options_schema={
        "type": "object",
        "properties": {
            "reusableObjectsLocation": {
                "type": "string",
                # A JSON pointer written as a URI fragment: "#", "#/definitions", "#/paths/~1users".
                "pattern": r"^#(/([A-Za-z0-9._!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2}|~[01])*)*$",
                "description": "Where the reusable objects are, as a local JSON pointer fragment.",
            },
        },
        "required": ["reusableObjectsLocation"],
        "additionalProperties": False,
    },
)

FUNCTIONS = (UNREFERENCED_REUSABLE_OBJECT,)
