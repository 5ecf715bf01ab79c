"""How jsonschema errors are chosen among and put in words."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker

from apilint_oas.schema_messages import JsonPath, SchemaIssue, explain


def issues(schema: dict[str, Any], instance: Any, *, draft4: bool = False) -> list[tuple[JsonPath, str]]:
    validator_class = Draft4Validator if draft4 else Draft202012Validator
    validator = validator_class(schema, format_checker=FormatChecker())
    found: list[SchemaIssue] = []
    for error in validator.iter_errors(instance):
        found += explain(error, instance=instance)
    return [(issue.path, issue.message) for issue in found]


def under(path: str, schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` placed at ``path`` (dot-separated property names) of an object."""
    for name in reversed(path.split(".")):
        schema = {"type": "object", "properties": {name: schema}}
    return schema


# -- single keywords


@pytest.mark.parametrize(
    ("schema", "value", "message"),
    [
        ({"type": "string"}, 1, '"version" must be a string, not an integer'),
        ({"type": "string"}, 1.5, '"version" must be a string, not a number'),
        ({"type": "object"}, [], '"version" must be an object, not an array'),
        ({"type": "integer"}, True, '"version" must be an integer, not a boolean'),
        ({"type": "string"}, None, '"version" must be a string, not null'),
        ({"type": ["object", "boolean"]}, "x", '"version" must be an object or a boolean, not a string'),
        ({"enum": ["a", "b"]}, "c", '"version" must be one of: "a", "b" (got "c")'),
        ({"enum": ["a"]}, "c", '"version" must be "a" (got "c")'),
        ({"const": True}, False, '"version" must be true (got false)'),
        ({"pattern": "^v[0-9]+$"}, "1", '"version" must match the regular expression ^v[0-9]+$ (got "1")'),
        ({"pattern": "^3\\.1\\.\\d+(-.+)?$"}, "3.1", '"version" must be a 3.1.x version such as "3.1.0" (got "3.1")'),
        ({"minItems": 1}, [], '"version" must have at least 1 item'),
        ({"maxItems": 2}, [1, 2, 3], '"version" must have at most 2 items'),
        ({"minProperties": 1}, {}, '"version" must have at least 1 property'),
        ({"minLength": 3}, "ab", '"version" must have at least 3 characters'),
        ({"uniqueItems": True}, [1, 1], '"version" must not contain the same item twice'),
        ({"minimum": 1}, 0, '"version" must be at least 1 (got 0)'),
        ({"exclusiveMaximum": 10}, 10, '"version" must be less than 10 (got 10)'),
        ({"multipleOf": 5}, 7, '"version" must be a multiple of 5 (got 7)'),
        ({"format": "email"}, "nobody", '"version" must be an email address (got "nobody")'),
        ({"contains": {"const": 1}}, [2], '"version" has no item of the kind it must contain'),
    ],
)
def test_one_keyword(schema: dict[str, Any], value: Any, message: str) -> None:
    assert issues(under("info.version", schema), {"info": {"version": value}}) == [
        (("info", "version"), message)]


def test_draft4_exclusive_bounds_are_strict() -> None:
    schema = under("limit", {"minimum": 0, "exclusiveMinimum": True})
    assert issues(schema, {"limit": 0}, draft4=True) == [(("limit",), '"limit" must be greater than 0 (got 0)')]


def test_long_values_are_shortened() -> None:
    message = issues(under("name", {"enum": ["a"]}), {"name": "x" * 200})[0][1]
    assert len(message) < 100
    assert message.endswith('..." )') or message.endswith('...")')


def test_a_missing_property_is_reported_on_the_object_that_lacks_it() -> None:
    schema = under("info", {"type": "object", "required": ["title", "version"]})
    assert issues(schema, {"info": {}}) == [
        (("info",), 'property "title" is required in info'),
        (("info",), 'property "version" is required in info'),
    ]
    assert issues({"required": ["openapi"]}, {}) == [((), 'property "openapi" is required at the top level')]


# -- unknown members


def test_unknown_properties_are_reported_each_on_itself() -> None:
    schema = under("info", {"type": "object", "properties": {"title": {}}, "patternProperties": {"^x-": {}},
                            "additionalProperties": False})
    assert issues(schema, {"info": {"title": "t", "tittle": "t", "x-ok": 1, "summry": "s"}}) == [
        (("info", "tittle"), '"tittle" is not allowed here (unknown property in info)'),
        (("info", "summry"), '"summry" is not allowed here (unknown property in info)'),
    ]


def test_unknown_names_in_a_map_say_what_names_must_look_like() -> None:
    schema = under("paths", {"type": "object", "patternProperties": {"^/": {}, "^x-": {}},
                             "additionalProperties": False})
    assert issues(schema, {"paths": {"pets": {}}}) == [
        (("paths", "pets"),
         '"pets" is not allowed here; paths must start with "/", and extensions must start with "x-"')]
    only_extensions = under("thing", {"type": "object", "patternProperties": {"^x-": {}},
                                      "additionalProperties": False})
    assert issues(only_extensions, {"thing": {"foo": 1}}) == [
        (("thing", "foo"), '"foo" is not allowed here; extensions must start with "x-"')]


def test_unevaluated_properties_are_named_from_the_error() -> None:
    schema = under("info", {
        "type": "object", "properties": {"title": {}},
        "$ref": "#/$defs/specification-extensions", "unevaluatedProperties": False})
    schema["$defs"] = {"specification-extensions": {"patternProperties": {"^x-": True}}}
    assert issues(schema, {"info": {"title": "t", "it's": 1, "x-fine": 2}}) == [
        (("info", "it's"), '"it\'s" is not allowed here (unknown property in info)')]


def test_names_rejected_by_property_names_are_reported_on_the_member() -> None:
    schema = under("components.schemas", {"type": "object", "propertyNames": {"pattern": "^[a-zA-Z0-9._-]+$"}})
    assert issues(schema, {"components": {"schemas": {"Bad name": {}}}}) == [
        (("components", "schemas", "Bad name"),
         'name "Bad name" is not allowed in schemas: names may only use letters, digits, ".", "-" and "_"')]


# -- not, dependent schemas, false


def test_forbidden_combinations() -> None:
    schema = under("example", {"not": {"required": ["value", "externalValue"]}})
    assert issues(schema, {"example": {"value": 1, "externalValue": "x"}}) == [
        (("example",), '"value" and "externalValue" cannot be used together in example')]


def test_a_member_forbidden_by_another_is_reported_on_itself_with_the_reason() -> None:
    schema = under("license", {"dependentSchemas": {"identifier": {"not": {"required": ["url"]}}}})
    assert issues(schema, {"license": {"identifier": "MIT", "url": "https://x"}}) == [
        (("license", "url"), '"url" is not allowed in license when "identifier" is present')]
    false_schema = under("media", {"dependentSchemas": {"encoding": {"properties": {"itemEncoding": False}}}})
    assert issues(false_schema, {"media": {"encoding": {}, "itemEncoding": {}}}) == [
        (("media", "itemEncoding"), '"itemEncoding" is not allowed here when "encoding" is present')]


# -- choosing among alternatives


REFERENCE = {"type": "object", "required": ["$ref"], "properties": {"$ref": {"type": "string"}}}
PARAMETER_IN = {
    "type": "object",
    "required": ["name", "in"],
    "properties": {"name": {"type": "string"}, "in": {}, "required": {}, "schema": {}},
    "additionalProperties": False,
    "oneOf": [
        {"properties": {"in": {"enum": ["path"]}}, "required": ["required"]},
        {"properties": {"in": {"enum": ["query"]}}},
        {"properties": {"in": {"enum": ["header"]}}},
    ],
}
PARAMETERS = under("get", {"type": "object", "properties": {"parameters": {
    "type": "array", "items": {"oneOf": [PARAMETER_IN, REFERENCE]}}}})


def test_a_bad_value_that_picks_the_alternative_lists_every_allowed_value() -> None:
    found = issues(PARAMETERS, {"get": {"parameters": [{"name": "a", "in": "querry"}]}})
    assert found == [(("get", "parameters", 0, "in"),
                      '"in" must be one of: "path", "query", "header" (got "querry")')]


def test_a_misspelt_field_is_reported_in_the_alternative_the_value_picks() -> None:
    found = issues(PARAMETERS, {"get": {"parameters": [{"name": "a", "in": "query", "requried": True}]}})
    assert found == [(("get", "parameters", 0, "requried"),
                      '"requried" is not allowed here (unknown property in parameters[0])')]
    found = issues(PARAMETERS, {"get": {"parameters": [{"name": "a", "in": "path"}]}})
    assert found == [(("get", "parameters", 0), 'property "required" is required in parameters[0]')]


def test_an_object_with_a_ref_is_judged_as_a_reference() -> None:
    found = issues(PARAMETERS, {"get": {"parameters": [{"$ref": 5}]}})
    assert found == [(("get", "parameters", 0, "$ref"), '"$ref" must be a string, not an integer')]


def test_alternatives_that_each_require_one_property() -> None:
    one_of = {"oneOf": [{"required": ["schema"]}, {"required": ["content"]}]}
    assert issues(under("p", one_of), {"p": {}}) == [
        (("p",), 'one of "schema" or "content" is required in p')]
    assert issues(under("p", one_of), {"p": {"schema": 1, "content": 2}}) == [
        (("p",), '"schema" and "content" cannot be used together in p')]
    any_of = {"anyOf": [{"required": ["paths"]}, {"required": ["components"]}, {"required": ["webhooks"]}]}
    assert issues(any_of, {}) == [
        ((), 'at least one of "paths", "components" or "webhooks" is required at the top level')]


def test_an_alternative_of_the_wrong_kind_is_set_aside() -> None:
    schema = under("type", {"anyOf": [{"enum": ["string", "object"]},
                                      {"type": "array", "items": {"enum": ["string", "object"]}}]})
    assert issues(schema, {"type": ["string", "objekt"]}) == [
        (("type", 1), 'type[1] must be one of: "string", "object" (got "objekt")')]


# -- naming


def test_members_of_named_maps_and_operations_are_named_as_such() -> None:
    required = {"type": "object", "required": ["description"]}
    schema = under("paths", {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": {
            "type": "object", "required": ["responses"],
            "properties": {"responses": {"type": "object", "additionalProperties": required}}}}})
    found = issues(schema, {"paths": {"/pets": {"get": {}, "put": {"responses": {"200": {}}}}}})
    assert sorted(found, key=lambda item: len(item[0])) == [
        (("paths", "/pets", "get"), 'property "responses" is required in operation GET "/pets"'),
        (("paths", "/pets", "put", "responses", "200"), 'property "description" is required in response "200"'),
    ]


def test_the_naming_callback_names_nodes_where_they_are_written() -> None:
    validator = Draft202012Validator(under("paths./pets", {"type": "object", "required": ["get"]}))
    [error] = validator.iter_errors({"paths": {"/pets": {}}})
    [issue] = explain(error, lambda path: ("PetPaths",))
    assert issue == SchemaIssue(("paths", "/pets"), 'property "get" is required in PetPaths', "required")
