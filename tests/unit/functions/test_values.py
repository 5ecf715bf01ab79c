"""JavaScript's view of JSON values."""

from __future__ import annotations

import math

import pytest

from apilint.functions import UNDEFINED as CORE_UNDEFINED
from apilint_functions.values import (
    UNDEFINED,
    describe_list,
    describe_value,
    is_defined,
    is_number,
    is_truthy,
    object_keys,
)


def test_undefined_is_the_core_sentinel() -> None:
    assert UNDEFINED is CORE_UNDEFINED
    assert not is_defined(UNDEFINED)
    assert is_defined(None)


@pytest.mark.parametrize(("value", "truthy"), [
    (UNDEFINED, False), (None, False), (False, False), (0, False), (-0.0, False), (math.nan, False), ("", False),
    (True, True), (1, True), (-0.5, True), ("0", True), ("false", True), ({}, True), ([], True), (math.inf, True),
])
def test_truthiness_is_javascripts(value: object, truthy: bool) -> None:
    assert is_truthy(value) is truthy


def test_booleans_are_not_numbers() -> None:
    assert is_number(1) and is_number(1.5)
    assert not is_number(True)
    assert not is_number("1")


def test_object_keys_put_array_indexes_first_in_numeric_order() -> None:
    keys = {"b": 1, "404": 1, "a": 1, "200": 1, "01": 1, "-1": 1, "4294967295": 1, "4294967294": 1}
    assert object_keys(keys) == ["200", "404", "4294967294", "b", "a", "01", "-1", "4294967295"]


def test_object_keys_keep_odd_keys_usable() -> None:
    assert object_keys({2: "x", "1": "y"}) == ["1", 2]


@pytest.mark.parametrize(("value", "text"), [
    ("a\"b", '"a\\"b"'), ("é", '"é"'), (None, "null"), (True, "true"), (1.5, "1.5"), (math.nan, "NaN"),
    (-math.inf, "-Infinity"), ({}, "an object"), ([], "an array"), (UNDEFINED, "undefined"),
])
def test_describe_value(value: object, text: str) -> None:
    assert describe_value(value) == text


def test_describe_list() -> None:
    assert describe_list(["a", 1, None]) == '"a", 1, null'
