"""Functions about operations and tags: success responses, form data, operationIds, parameter lists, tags.

They reproduce Spectral's ``oasOpSuccessResponse``, ``oasOpFormDataConsumeCheck``, ``oasOpIdUnique``,
``oasOpParams``, ``oasTagDefined`` and ``uniquenessTags`` (here ``oasTagsUnique``): the same inputs
are accepted, and each finding is on the node Spectral reports. Like Spectral's, a function whose
input does not have the expected shape reports nothing; the schema rules report the shape.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import UNDEFINED, FunctionContext, FunctionResult, RuleFunction
from apilint.jsonpath.jsvalues import to_number, to_string
from apilint_functions.values import describe_value, object_keys

__all__ = ["FUNCTIONS", "OPERATION_METHODS", "operations"]

#: The keys of a path item that hold operations, as Spectral's functions know them.
OPERATION_METHODS = frozenset({"get", "head", "post", "put", "patch", "delete", "options", "trace"})
_FORM_MEDIA_TYPE = re.compile(r"application/x-www-form-urlencoded|multipart/form-data")


def operations(paths: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every operation of a paths object as (path, method, operation), in the order JavaScript sees them."""
    if not isinstance(paths, dict):
        return
    for path in object_keys(paths):
        item = paths[path]
        if not isinstance(item, dict):
            continue
        for method in object_keys(item):
            operation = item[method]
            if method in OPERATION_METHODS and isinstance(operation, dict):
                yield path, method, operation


# -- oasOpSuccessResponse

def _success_response(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, dict):
        return
    # Only OpenAPI 3 has status code ranges; "2xx" in lower case is not one.
    ranges = ("2XX", "3XX") if (context.spec_format or "").startswith("oas3") else ()
    for code in value:
        if code in ranges or 200 <= to_number(code) < 400:
            return
    yield FunctionResult("must include at least one success (2xx) or redirection (3xx) response")


# -- oasOpFormDataConsumeCheck

def _form_data_consumes(value: Any, options: Mapping[str, Any], context: FunctionContext
                        ) -> Iterator[FunctionResult]:
    if not isinstance(value, dict):
        return
    consumes, parameters = value.get("consumes"), value.get("parameters")
    # Without both lists there is nothing to compare: an operation that inherits the document's
    # "consumes" is not checked (as in Spectral).
    if not isinstance(consumes, list) or not isinstance(parameters, list):
        return
    has_form_data = any(isinstance(parameter := item, dict) and parameter.get("in") == "formData"
                        for item in parameters)
    if has_form_data and not _FORM_MEDIA_TYPE.search(to_string(consumes)):
        yield FunctionResult('has "in: formData" parameters, so its "consumes" must include '
                             "application/x-www-form-urlencoded or multipart/form-data")


# -- oasOpIdUnique

def _operation_ids_unique(value: Any, options: Mapping[str, Any], context: FunctionContext
                          ) -> Iterator[FunctionResult]:
    if not isinstance(value, dict):
        return
    # Keyed as SameValueZero compares, so that each id is looked up once rather than compared with
    # every earlier one: GitHub's and Stripe's descriptions have thousands of operations.
    seen: set[tuple[str, Any]] = set()
    for path, method, operation in operations(value):
        if "operationId" not in operation:
            continue
        operation_id = operation["operationId"]
        key = _same_value_zero_key(operation_id)
        if key in seen:
            yield FunctionResult(f"operationId {describe_value(operation_id)} is already used by another operation.",
                                 (path, method, "operationId"), sentence=True)
        else:
            seen.add(key)


def _same_value_zero_key(value: Any) -> tuple[str, Any]:
    """Equal for two values exactly when ``same_value_zero`` says they are the same."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return (type(value).__name__, value)
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer beyond a double's range is Infinity in JavaScript
            number = math.inf if value > 0 else -math.inf
        return ("nan", None) if number != number else ("number", number)
    return ("object", id(value))  # objects and arrays are the same only when they are one value


# -- oasOpParams

def _parameters(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, list) or len(value) < 2:
        return
    fingerprints: set[str] = set()
    duplicates: list[tuple[int, dict[str, Any]]] = []
    bodies: list[int] = []
    form_data: list[int] = []
    for index, item in enumerate(value):
        parameter = item
        # A reference that could not be followed says nothing about the parameter behind it.
        if not isinstance(parameter, dict) or "$ref" in parameter:
            continue
        # Compared as text, the way JavaScript would print "in" and "name", absent ones included.
        fingerprint = f"{to_string(parameter.get('in', UNDEFINED))}-{to_string(parameter.get('name', UNDEFINED))}"
        if fingerprint in fingerprints:
            duplicates.append((index, parameter))
        else:
            fingerprints.add(fingerprint)
        location = parameter.get("in")
        if location == "body":
            bodies.append(index)
        elif location == "formData":
            form_data.append(index)
    for index, parameter in duplicates:
        yield FunctionResult(f"An earlier parameter of this operation already has the name "
                             f"{describe_value(parameter.get('name', UNDEFINED))} and the location "
                             f"{describe_value(parameter.get('in', UNDEFINED))}.", (index,), sentence=True)
    if bodies and form_data:
        yield FunctionResult('An operation must not have both "in: body" and "in: formData" parameters.',
                             sentence=True)
    for index in bodies[1:]:
        yield FunctionResult('An operation must have at most one "in: body" parameter; this is another one.',
                             (index,), sentence=True)


# -- oasTagDefined

def _tags_defined(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, dict):
        return
    declared: set[str] = set()
    tags = value.get("tags")
    if isinstance(tags, list):
        for item in tags:
            tag = item
            if isinstance(tag, dict) and isinstance(tag.get("name"), str):
                declared.add(tag["name"])
    for path, method, operation in operations(value.get("paths")):
        used = operation.get("tags")
        if not isinstance(used, list):
            continue
        for index, name in enumerate(used):
            if not (isinstance(name, str) and name in declared):
                yield FunctionResult(f"Tag {describe_value(name)} is not declared in the top-level tags list.",
                                     ("paths", path, method, "tags", index), sentence=True)


# -- oasTagsUnique

def _tags_unique(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, list):
        return
    tags = [item for item in value]
    # Spectral checks nothing unless every tag is an object with a string name.
    if not all(isinstance(tag, dict) and isinstance(tag.get("name"), str) for tag in tags):
        return
    seen: set[str] = set()
    for index, tag in enumerate(tags):
        name = tag["name"]
        if name in seen:
            yield FunctionResult(f'An earlier tag already has the name "{name}"; tag names must be unique.',
                                 (index, "name"), sentence=True)
        seen.add(name)


FUNCTIONS = (
    RuleFunction(
        name="oasOpSuccessResponse",
        check=_success_response,
        description="A responses object has a 2xx or 3xx status code (or, in OpenAPI 3, the range 2XX or 3XX).",
    ),
    RuleFunction(
        name="oasOpFormDataConsumeCheck",
        check=_form_data_consumes,
        description='An OpenAPI 2 operation with "in: formData" parameters lists application/x-www-form-urlencoded '
                    'or multipart/form-data in its "consumes".',
    ),
    RuleFunction(
        name="oasOpIdUnique",
        check=_operation_ids_unique,
        description="No two operations of a paths object have the same operationId; later ones are reported.",
    ),
    RuleFunction(
        name="oasOpParams",
        check=_parameters,
        description='A parameter list has no two parameters with the same "name" and "in", at most one body '
                    "parameter, and not both body and formData parameters.",
    ),
    RuleFunction(
        name="oasTagDefined",
        check=_tags_defined,
        description="Every tag an operation uses is the name of a tag in the document's top-level tags list.",
    ),
    RuleFunction(
        name="oasTagsUnique",
        check=_tags_unique,
        description="No two tags of a tags list have the same name; later ones are reported.",
    ),
)
