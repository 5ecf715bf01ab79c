"""The registered functions, run on the cases under cases/ (one file per function)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import apilint_functions
from apilint.document import Document
from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint.yaml_reader import read_yaml
from apilint_functions.schema import validate_schema_options
from apilint_functions.strings import validate_pattern_options
from apilint_functions.values import UNDEFINED

CASES = Path(__file__).parent / "cases"
DOCUMENT_URI = "file:///api/openapi.yaml"
SPECTRAL_FUNCTIONS = {"alphabetical", "casing", "defined", "enumeration", "falsy", "length", "or", "pattern", "schema",
                      "truthy", "typedEnum", "undefined", "unreferencedReusableObject", "xor"}
EXTRA_OPTION_CHECKS: dict[str, Callable[[Mapping[str, Any]], list[str]]] = {
    "pattern": validate_pattern_options,
    "schema": validate_schema_options,
}


def registered() -> dict[str, RuleFunction]:
    functions: list[RuleFunction] = []
    apilint_functions.apilint_register_functions(functions.append)
    return {function.name: function for function in functions}


FUNCTIONS = registered()


def load(path: Path) -> Any:
    result = read_yaml(path.read_text(encoding="utf-8"))
    assert not result.problems, f"{path.name}: {result.problems}"
    assert result.data["function"] == path.stem
    return result.data


CASE_FILES = {path.stem: load(path) for path in sorted(CASES.glob("*.yaml"))}


def cases() -> list[Any]:
    return [
        pytest.param(name, case, id=f"{name}: {case['name']}")
        for name, data in CASE_FILES.items() for case in data["cases"]
    ]


def invalid_options() -> list[Any]:
    return [
        pytest.param(name, options, id=f"{name}: invalid options {index}")
        for name, data in CASE_FILES.items() for index, options in enumerate(data.get("invalid_options") or [])
    ]


def option_problems(function: RuleFunction, options: Any) -> list[str]:
    """What the ruleset loader would say about ``options``: schema errors, then the function's own checks."""
    if function.options_schema is None:
        return [] if options in (None, {}) else ["takes no options"]
    errors = [error.message for error in Draft202012Validator(function.options_schema).iter_errors(
        options if options is not None else {})]
    if errors:
        return errors
    extra = EXTRA_OPTION_CHECKS.get(function.name)
    return extra(options) if extra is not None else []


def context(case: Mapping[str, Any]) -> FunctionContext:
    references = frozenset((DOCUMENT_URI if uri == "DOCUMENT" else uri, pointer)
                           for uri, pointer in case.get("references") or [])
    return FunctionContext(path=("paths", "/pets"), document=Document(DOCUMENT_URI, "openapi.yaml", "", {}),
                           rule_id="test-rule", spec_format=case.get("spec_format", "oas3_1"),
                           references=lambda: references)


def run(name: str, value: Any, options: Any, case: Mapping[str, Any]) -> list[FunctionResult]:
    return list(FUNCTIONS[name].check(value, options or {}, context(case)))


def test_every_spectral_function_is_registered_once() -> None:
    names: list[str] = []
    apilint_functions.apilint_register_functions(lambda function: names.append(function.name))
    assert sorted(names) == sorted(SPECTRAL_FUNCTIONS)


def test_every_function_has_a_case_file() -> None:
    assert set(CASE_FILES) == SPECTRAL_FUNCTIONS


@pytest.mark.parametrize(("name", "case"), cases())
def test_case(name: str, case: Mapping[str, Any]) -> None:
    function = FUNCTIONS[name]
    options = case.get("options")
    assert option_problems(function, options) == []
    value = UNDEFINED if case.get("absent") else case["value"]
    results = run(name, value, options, case)
    assert all(isinstance(result, FunctionResult) for result in results)
    expected = case["expect"]
    assert len(results) == len(expected), [result.message for result in results]
    remaining = list(results)
    for expectation in expected:
        match = next((result for result in remaining if list(result.path) == list(expectation["path"])
                      and expectation["message_contains"] in result.message), None)
        assert match is not None, f"no result like {dict(expectation)} in {remaining}"
        remaining.remove(match)


@pytest.mark.parametrize(("name", "options"), invalid_options())
def test_invalid_options_are_refused(name: str, options: Any) -> None:
    assert option_problems(FUNCTIONS[name], options) != []


@pytest.mark.parametrize("name", sorted(SPECTRAL_FUNCTIONS))
def test_every_option_is_exercised(name: str) -> None:
    schema = FUNCTIONS[name].options_schema or {}
    declared = {*schema.get("properties", {})}
    for option, definition in schema.get("properties", {}).items():
        declared |= {f"{option}.{inner}" for inner in definition.get("properties", {})}
    used: set[str] = set()
    for case in CASE_FILES[name]["cases"]:
        for option, setting in (case.get("options") or {}).items():
            used.add(option)
            if isinstance(setting, Mapping) and option != "schema":
                used |= {f"{option}.{inner}" for inner in setting}
    assert declared - used == set()


@pytest.mark.parametrize("name", sorted(SPECTRAL_FUNCTIONS))
def test_every_function_has_passing_and_failing_cases(name: str) -> None:
    outcomes = {bool(case["expect"]) for case in CASE_FILES[name]["cases"]}
    assert outcomes == {True, False}


ODD_VALUES = [UNDEFINED, None, True, False, 0, -0.0, math.nan, math.inf, 2**70, "", "x", "😀", [], {}, [None, [1]],
              {"a": None, "b": {"c": []}}, {"enum": None, "type": None}, {"enum": [1], "type": [None]}, {1: "x"}]


@pytest.mark.parametrize("name", sorted(SPECTRAL_FUNCTIONS))
def test_functions_never_raise_on_unexpected_values(name: str) -> None:
    for case in CASE_FILES[name]["cases"]:
        for value in ODD_VALUES:
            for result in run(name, value, case.get("options"), case):
                assert isinstance(result, FunctionResult)
                assert isinstance(result.message, str)
                assert result.message
