"""oasExample beyond the rule cases: object graphs with cycles, odd input, Ajv's order of keywords."""

from __future__ import annotations

from typing import Any

import pytest

from apilint.document import Document
from apilint.functions import FunctionContext, FunctionResult
from apilint.pointer import decode_fragment
from apilint_oas.functions import examples as examples_module
from apilint_oas.functions.examples import OAS_EXAMPLE

MEDIA_3 = {"schemaField": "schema", "oasVersion": 3, "type": "media"}
SCHEMA_3 = {"schemaField": "$", "oasVersion": 3, "type": "schema"}
SCHEMA_2 = {"schemaField": "$", "oasVersion": 2, "type": "schema"}


def check(value: Any, options: dict[str, Any], path: tuple[str | int, ...] = (), spec_format: str = "oas3_0",
          data: Any = None, document: Document | None = None) -> list[FunctionResult]:
    if document is None:
        document = Document("file:///project/openapi.yaml", "openapi.yaml", "", data if data is not None else {})
    missing = object()

    def resolve(uri: str, ref: str) -> tuple[str, Any] | None:
        # References within the one document, as the engine's workspace would resolve them.
        if uri != document.uri or not ref.startswith("#"):
            return None
        try:
            node = document.node(decode_fragment(ref[1:]), missing)
        except ValueError:
            return None
        return None if node is missing else (uri, node)

    context = FunctionContext(path=path, document=document, rule_id="test", spec_format=spec_format,
                              resolve=resolve)
    return list(OAS_EXAMPLE.check(value, options, context))


def places(results: list[FunctionResult]) -> list[tuple[str | int, ...]]:
    return [result.path for result in results]


def test_a_schema_that_contains_itself_checks_examples_at_any_depth() -> None:
    node: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}
    node["properties"]["next"] = node
    node["example"] = {"name": "a", "next": {"name": "b", "next": {"name": 3}}}
    results = check(node, SCHEMA_3)
    assert places(results) == [("example", "next", "next", "name")]
    assert results[0].message == "`example.next.next.name` must be a string"


def test_an_example_that_contains_itself_is_left_alone() -> None:
    example: dict[str, Any] = {"name": "a"}
    example["next"] = example
    node = {"type": "object", "properties": {"next": {"type": "object"}}, "example": example}
    assert check(node, SCHEMA_3) == []


def test_a_schema_shared_many_times_is_prepared_once_and_checked_everywhere() -> None:
    leaf = {"type": "integer"}
    level: dict[str, Any] = leaf
    for _ in range(40):  # 2**40 paths if the shared schemas were copied out
        level = {"type": "object", "properties": {"a": level, "b": level}}
    example: Any = "x"
    for _ in range(40):
        example = {"b": example}
    assert places(check({"schema": level, "example": example}, MEDIA_3)) == [("example",) + ("b",) * 40]


@pytest.mark.parametrize("value", [None, [], "text", 3, {"schema": 5, "example": 1}, {"schema": None, "example": 1},
                                   {"schema": {"type": "integer"}}, {"schema": {"type": "integer"}, "examples": 7},
                                   {"schema": {"type": "integer"}, "examples": {"a": None, "b": "x"}}])
def test_odd_input_gives_nothing(value: Any) -> None:
    assert check(value, MEDIA_3) == []


def test_references_that_lead_nowhere_leave_the_example_unchecked() -> None:
    for ref in ("#/components/schemas/Missing", "other.yaml#/Pet", "https://example.com/pet.json", "#/a~2b", "#name"):
        assert check({"schema": {"$ref": ref}, "example": 1}, MEDIA_3) == []
    assert check({"schema": {"type": "object", "properties": {"a": {"$ref": "#/nowhere"}}},
                  "example": {"a": 1}}, MEDIA_3) == []


def test_references_are_read_in_the_document() -> None:
    data = {"components": {"schemas": {"Id": {"type": "integer"}, "Pet": {"$ref": "#/components/schemas/Id"}}}}
    assert places(check({"schema": {"$ref": "#/components/schemas/Pet"}, "example": "x"}, MEDIA_3, data=data)) \
        == [("example",)]


def test_required_is_checked_before_properties_and_enum_before_a_deferred_type() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["b"]}
    assert [result.message for result in check({"schema": schema, "example": {"a": "x"}}, MEDIA_3)] \
        == ['`example` must have the property "b"']
    schema = {"type": "string", "minLength": 1, "enum": ["a"]}
    assert check({"schema": schema, "example": 5}, MEDIA_3)[0].message == '`example` must be one of: "a"'
    schema = {"type": "integer", "enum": [1]}
    assert check({"schema": schema, "example": "x"}, MEDIA_3)[0].message == "`example` must be an integer"


def test_read_only_and_write_only_depend_on_where_the_media_type_is() -> None:
    schema = {"type": "object", "required": ["id", "secret"],
              "properties": {"id": {"readOnly": True}, "secret": {"writeOnly": True}}}
    media = {"schema": schema, "example": {}}
    request = ("paths", "/a", "post", "requestBody", "content", "application/json")
    response = ("components", "responses", "R", "content", "application/json")
    callback = ("paths", "/a", "post", "callbacks", "cb", "x", "post", "requestBody", "content", "application/json")
    def messages(path: tuple[str | int, ...]) -> list[str]:
        return [result.message for result in check(media, MEDIA_3, path)]

    assert messages(request) == ['`example` must have the property "secret"']
    assert messages(response) == ['`example` must have the property "id"']
    # A callback's request body is neither: both stay required, and the first missing one is reported.
    assert messages(callback) == ['`example` must have the property "id"']
    # Not inside `not`: there the property is still required.
    negated = {"type": "object", "not": {"required": ["id"], "properties": {"id": {"readOnly": True}}}}
    assert places(check({"schema": negated, "example": {"id": 1}}, MEDIA_3, request)) == [("example",)]


def test_a_parameters_boolean_required_is_dropped_in_swagger_only() -> None:
    parameter = {"name": "limit", "in": "query", "required": True, "type": "integer", "default": 1}
    assert check(parameter, SCHEMA_2, spec_format="oas2") == []
    schema = {"type": "integer", "required": True, "default": 1}
    assert [result.message for result in check(schema, SCHEMA_3)] \
        == ["`default` cannot be checked: the schema is not valid JSON Schema draft 4 (`/required` must be an array)"]


def test_nullable_and_x_nullable() -> None:
    assert check({"type": "string", "nullable": True, "example": None}, SCHEMA_3) == []
    assert check({"type": "string", "x-nullable": True, "example": None}, SCHEMA_2, spec_format="oas2") == []
    assert places(check({"type": "string", "x-nullable": True, "example": None}, SCHEMA_3)) == [("example",)]
    assert check({"type": ["string", "null"], "example": None}, SCHEMA_3, spec_format="oas3_1") == []


def test_the_dialect_follows_json_schema_dialect_in_3_1() -> None:
    schema = {"type": "integer", "exclusiveMinimum": 3, "example": 3}
    assert places(check(schema, SCHEMA_3, spec_format="oas3_1")) == [("example",)]
    draft4 = {"jsonSchemaDialect": "http://json-schema.org/draft-04/schema#"}
    assert "cannot be checked" in check(schema, SCHEMA_3, spec_format="oas3_1", data=draft4)[0].message


def test_places_inside_the_example_are_named_as_code_would_name_them() -> None:
    schema = {"type": "object", "properties": {"a/b": {"type": "array", "items": {"type": "integer"}}}}
    results = check({"schema": schema, "examples": {"x": {"value": {"a/b": [1, "2"]}}}}, MEDIA_3)
    assert [(result.path, result.message) for result in results] \
        == [(("examples", "x", "value", "a/b", 1), '`examples.x.value["a/b"][1]` must be an integer')]


def _counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    compiled: list[Any] = []
    real = examples_module._compile

    def counted(schema: Any, *args: Any) -> Any:
        compiled.append(schema)
        return real(schema, *args)

    monkeypatch.setattr(examples_module, "_compile", counted)
    return compiled


def test_a_schema_written_out_again_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    data = {"components": {"schemas": {"Pet": {"type": "object", "required": ["name"]}}}}
    document = Document("file:///project/openapi.yaml", "openapi.yaml", "", data)
    found = []
    for number in range(5):
        media = {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                 "example": [{"name": "a"}, {}] if number == 3 else [{"name": "b"}]}
        found.append(places(check(media, MEDIA_3, data=data, document=document)))
    assert found == [[], [], [], [("example", 1)], []]
    assert len(compiled) == 1


def test_schemas_that_differ_in_order_or_document_are_compiled_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    first = {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}
    second = {"type": "object", "properties": {"b": {"type": "string"}, "a": {"type": "string"}}}
    # Ajv reports the first property that fails, in the order the schema gives them.
    example = {"a": 1, "b": 2}
    assert places(check({"schema": first, "example": example}, MEDIA_3)) == [("example", "a")]
    assert places(check({"schema": second, "example": example}, MEDIA_3)) == [("example", "b")]
    # The same text means another schema in another document: its references lead elsewhere.
    pointing = {"$ref": "#/components/schemas/Id"}
    for kind in ("integer", "string"):
        data = {"components": {"schemas": {"Id": {"type": kind}}}}
        media = {"schema": {"type": "array", "items": pointing}, "example": ["x"]}
        assert bool(check(media, MEDIA_3, data=data)) == (kind == "integer")
    assert len(compiled) == 4


def _resolved(value: Any, components: dict[str, Any]) -> Any:
    """``value`` with each ``$ref`` replaced by a copy of the component it names, as the engine hands it over."""
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str):
            return _resolved(components[ref.rsplit("/", 1)[1]], components)
        return {key: _resolved(member, components) for key, member in value.items()}
    if isinstance(value, list):
        return [_resolved(item, components) for item in value]
    return value


def test_a_schema_written_again_is_compiled_once_however_large_it_is_resolved(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    # Resolved, an array of this component holds more values than are ever written out to compare.
    big = {"type": "object", "required": ["p0"],
           "properties": {f"p{number}": {"type": "string", "minLength": 1} for number in range(1000)}}
    components = {"Big": big}
    written = {"type": "array", "items": {"$ref": "#/components/schemas/Big"}}
    paths = {f"/things/{number}": {"get": {"responses": {"200": {"content": {"application/json": {
        "schema": dict(written), "example": [{"p0": "a"}] if number != 2 else [{}]}}}}}} for number in range(4)}
    data = {"openapi": "3.0.3", "paths": paths, "components": {"schemas": components}}
    document = Document("file:///project/openapi.yaml", "openapi.yaml", "", data)
    found = []
    for number in range(4):
        route = ("paths", f"/things/{number}", "get", "responses", "200", "content", "application/json")
        media = _resolved(paths[route[1]]["get"]["responses"]["200"]["content"]["application/json"], components)
        found.append(places(check(media, MEDIA_3, path=route, document=document)))
    assert found == [[], [], [("example", 0)], []]
    assert len(compiled) == 1


def test_a_schema_is_known_by_its_text_as_written_only_where_it_is_what_was_resolved(
        monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _counting_compiles(monkeypatch)
    components = {"Id": {"type": "integer"}, "Name": {"type": "string"}}
    media = {"schema": {"$ref": "#/components/schemas/Id"}, "example": "x"}
    data = {"openapi": "3.0.3", "paths": {"/a": {"get": {"responses": {"200": {"content": {"text/plain": media}}}}}},
            "components": {"schemas": components}}
    document = Document("file:///project/openapi.yaml", "openapi.yaml", "", data)
    route = ("paths", "/a", "get", "responses", "200", "content", "text/plain")
    assert places(check(_resolved(media, components), MEDIA_3, path=route, document=document)) == [("example",)]
    # The same route handed another schema (its keys differ from the written one's target): not taken for it.
    other = {"schema": {"type": "string", "minLength": 2}, "example": "x"}
    assert places(check(other, MEDIA_3, path=route, document=document)) == [("example",)]
    assert len(compiled) == 2
