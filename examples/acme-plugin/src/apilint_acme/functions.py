"""``acmePathShape``: a function for declarative rules, for what a single pattern cannot say well.

A declarative rule selects values with ``given`` (and ``field``) and hands each to a function,
with the rule's ``functionOptions``. The function yields a ``FunctionResult`` per problem; its
message says what is wrong with the value ("has ..."), and apilint puts the value's name in front.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from apilint import FunctionContext, FunctionResult, RuleFunction

__all__ = ["PATH_SHAPE"]

_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_TEMPLATE = re.compile(r"^\{[^{}]+\}$")


def _path_shape(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, str):
        return  # a path key is always text; anything else is not this function's business
    segments = value.strip("/").split("/") if value.strip("/") else []
    most = int(options.get("maxSegments", 4))
    if len(segments) > most:
        yield FunctionResult(f"has {len(segments)} segments, more than the {most} ACME paths may have")
    after_parameter = False
    for segment in segments:
        parameter = _TEMPLATE.match(segment) is not None
        if parameter and after_parameter:
            yield FunctionResult(f"has two parameters in a row (before {segment}); name what the second one selects")
        elif not segment:
            yield FunctionResult("has an empty segment (two slashes in a row)")
        elif not parameter and not _KEBAB.match(segment):
            yield FunctionResult(f"has the segment '{segment}', which is not lower-case words joined by hyphens")
        after_parameter = parameter


PATH_SHAPE = RuleFunction(
    name="acmePathShape",
    check=_path_shape,
    description="A path has at most maxSegments segments, kebab-case words, and never two parameters in a row.",
    options_schema={
        "type": "object",
        "properties": {"maxSegments": {"type": "integer", "minimum": 1}},
        "additionalProperties": False,
    },
)
