"""The operation, tag and path parameter functions called directly: odd input, references, paths and messages.

The rule cases (tests/unit/oas/rules/cases) cover what the rules report on real documents; these
cover what a document cannot easily show: values of the wrong type, reference cycles, and values
that come from a file other than the root.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from apilint.document import Document, read_document
from apilint.functions import UNDEFINED, FunctionContext, FunctionResult, RuleFunction
from apilint_oas.functions import operations, path_params

FUNCTIONS = {function.name: function for function in (*operations.FUNCTIONS, *path_params.FUNCTIONS)}
ODD_VALUES: list[Any] = [None, UNDEFINED, True, 0, 1.5, "", "text", [], {}, [None, 1, "x", [], {}],
                         {"a": None, "b": [1], "c": "x"}, {"$ref": "#/nowhere"}, {"$ref": 7}]


def document(data: Any, uri: str = "file:///project/openapi.json") -> Document:
    return read_document(uri, "openapi.json", json.dumps(data).encode())


def run(name: str, value: Any, root: Document, path: tuple[str | int, ...] = ()) -> list[FunctionResult]:
    context = FunctionContext(path=path, document=root, rule_id="test", spec_format=root.spec_format)
    return list(FUNCTIONS[name].check(value, {}, context))


def test_every_function_is_there_and_takes_no_options() -> None:
    assert set(FUNCTIONS) == {"oasOpSuccessResponse", "oasOpFormDataConsumeCheck", "oasOpIdUnique", "oasOpParams",
                              "oasTagDefined", "oasTagsUnique", "oasPathParam"}
    assert all(isinstance(function, RuleFunction) and function.options_schema is None
               for function in FUNCTIONS.values())


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@pytest.mark.parametrize("value", ODD_VALUES, ids=repr)
def test_odd_values_are_not_an_error(name: str, value: Any) -> None:
    written = None if value is UNDEFINED else value
    root = document({"openapi": "3.0.3", "paths": {"/a": written, "/b": {"get": written, "parameters": written}},
                     "tags": written})
    for path in ((), ("paths",), ("nowhere",)):
        for result in run(name, value, root, path):
            assert isinstance(result, FunctionResult)
    for result in run(name, {"paths": {"/a/{x}": {"get": value, "parameters": [value]}}, "tags": [value]}, root):
        assert isinstance(result, FunctionResult)


def test_reference_cycles_are_left_alone() -> None:
    paths = {"/a/{id}": {"get": {"parameters": [{"$ref": "#/x/one"}, {"$ref": "#/paths/~1a~1{id}/get/parameters/1"}],
                                 "responses": {"$ref": "#/x/two"}}}}
    root = document({"openapi": "3.0.3", "paths": paths, "x": {"one": {"$ref": "#/x/two"}, "two": {"$ref": "#/x/one"}}})
    data = root.data["paths"]
    results = run("oasPathParam", data, root, ("paths",))
    assert [(result.path, result.message) for result in results] == [
        (("/a/{id}", "get"), 'Path "/a/{id}" has the variable "{id}", but this operation declares no path parameter '
                             "by that name."),
    ]
    assert run("oasOpParams", data["/a/{id}"]["get"]["parameters"], root, ("paths", "/a/{id}", "get", "parameters")) \
        == []
    assert run("oasOpSuccessResponse", data["/a/{id}"]["get"]["responses"], root,
               ("paths", "/a/{id}", "get", "responses")) != []


def test_path_params_findings_point_at_the_path_the_parameter_or_the_operation() -> None:
    paths = {
        "/a/{x}/{z}": {"get": {"parameters": [{"name": "x", "in": "path", "required": True}]}},
        "/a/{y}/{y}": {
            "parameters": [{"name": "y", "in": "path"}, {"name": "y", "in": "path", "required": True}],
            "get": {"parameters": [{"name": "z", "in": "path", "required": True}]},
        },
    }
    root = document({"openapi": "3.0.3", "paths": paths})
    results = run("oasPathParam", root.data["paths"], root, ("paths",))
    assert all(result.sentence for result in results)
    assert [(result.path, result.message) for result in results] == [
        (("/a/{x}/{z}", "get"), 'Path "/a/{x}/{z}" has the variable "{z}", but this operation declares no path '
                                'parameter by that name.'),
        (("/a/{y}/{y}",), 'Paths "/a/{x}/{z}" and "/a/{y}/{y}" are equivalent: they differ only in the names of their '
                          "variables."),
        (("/a/{y}/{y}",), 'Path "/a/{y}/{y}" uses the variable "{y}" more than once.'),
        (("/a/{y}/{y}", "parameters", 0), 'Path parameter "y" must be required: it needs "required: true".'),
        (("/a/{y}/{y}", "parameters", 1), 'Path parameter "y" is declared more than once in the same list.'),
        (("/a/{y}/{y}", "get", "parameters", 0), 'Path parameter "z" is not used in path "/a/{y}/{y}".'),
    ]


def test_operation_parameters_compare_name_and_location_as_javascript_prints_them() -> None:
    parameters = [{"name": 1, "in": "query"}, {"name": "1", "in": "query"}, {"in": "body"}, {"in": "body"},
                  {"name": None}, {"name": "null"}, {"$ref": "other.yaml#/P"}, {"$ref": "other.yaml#/P"}]
    root = document({"swagger": "2.0", "x": parameters})
    results = run("oasOpParams", root.data["x"], root, ("x",))
    assert [result.path for result in results] == [(1,), (3,), (5,), (3,)]
    assert results[0].message == ('An earlier parameter of this operation already has the name "1" and the location '
                                  '"query".')


def test_success_response_ranges_count_in_openapi_3_only() -> None:
    for version, found in (({"openapi": "3.1.0"}, []), ({"swagger": "2.0"}, [()])):
        root = document(version)
        assert [result.path for result in run("oasOpSuccessResponse", {"2XX": {}}, root, ("r",))] == found
    root = document({"openapi": "3.0.3"})
    assert run("oasOpSuccessResponse", {" 204 ": {}}, root, ("r",)) == []  # JavaScript's Number() trims
    assert run("oasOpSuccessResponse", {"400": {}, "1e3": {}}, root, ("r",)) != []


def test_form_data_consumes_are_matched_anywhere_in_the_joined_list() -> None:
    root = document({"swagger": "2.0"})
    operation = {"parameters": [{"in": "formData"}], "consumes": [None, ["multipart/form-data"]]}
    assert run("oasOpFormDataConsumeCheck", operation, root, ("o",)) == []
    operation["consumes"] = ["multipart/mixed", "application/form-data"]
    assert [result.path for result in run("oasOpFormDataConsumeCheck", operation, root, ("o",))] == [()]


def test_tags_defined_and_unique() -> None:
    root = document({"openapi": "3.0.3"})
    value = {"tags": [{"name": "a"}, {"name": 1}], "paths": {"/p": {"get": {"tags": ["a", 1, "b"]}}}}
    assert [result.path for result in run("oasTagDefined", value, root, ("q",))] == [
        ("paths", "/p", "get", "tags", 1), ("paths", "/p", "get", "tags", 2)]
    assert [result.path for result in run("oasTagsUnique", [{"name": "a"}, {"name": "b"}, {"name": "a"}], root,
                                          ("q",))] == [(2, "name")]
    assert run("oasTagsUnique", [{"name": "a"}, {"name": "a"}, {"name": 1}], root, ("q",)) == []


def test_operation_ids_compare_as_javascript_values() -> None:
    root = document({"openapi": "3.0.3"})
    paths = {"/a": {"get": {"operationId": 1}, "put": {"operationId": True}, "post": {"operationId": 1.0},
                    "delete": {"operationId": None}, "head": {"operationId": None}, "x-get": {"operationId": 1}}}
    assert [result.path for result in run("oasOpIdUnique", paths, root, ("q",))] == [
        ("/a", "post", "operationId"), ("/a", "head", "operationId")]


def test_operation_ids_are_told_apart_exactly_as_same_value_zero_tells_them() -> None:
    from apilint.jsonpath.jsvalues import same_value_zero
    from apilint_oas.functions.operations import _same_value_zero_key

    shared: dict[str, int] = {"a": 1}
    values = ["1", 1, 1.0, True, False, 0, -0.0, None, "", float("nan"), float("nan"), float("inf"),
              shared, shared, {"a": 1}, [1], "listPets"]
    for left in values:
        for right in values:
            assert (_same_value_zero_key(left) == _same_value_zero_key(right)) == same_value_zero(left, right), \
                (left, right)
    # Beyond a double's range an integer is Infinity, as JavaScript reads it.
    assert _same_value_zero_key(10**400) == _same_value_zero_key(float("inf"))
