"""QuickCheck: jsonschema-rs's verdict stands in for jsonschema's only where the two agree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from apilint.quick_validity import MAX_DEPTH, QuickCheck, depth_over

# -- building a check


def test_only_the_given_formats_are_asserted_and_with_the_given_checks() -> None:
    def email(value: Any) -> bool:
        return not isinstance(value, str) or value.endswith("@example.com")

    schema = {"properties": {"mail": {"format": "email"}, "day": {"format": "date"}, "own": {"format": "colour"}}}
    quick = QuickCheck.for_schema(schema, {"email": email})
    assert quick is not None
    assert quick.surely_valid({"mail": "me@example.com", "day": "not a date", "own": "puce"})
    assert not quick.surely_valid({"mail": "me@example.org"})


def test_a_reference_it_would_have_to_fetch_gives_no_check() -> None:
    schema = {"properties": {"a": {"$ref": "https://example.com/schemas/a.json"}}}
    assert QuickCheck.for_schema(schema, {}) is None


def test_a_schema_with_a_base_below_its_root_gives_no_check() -> None:
    schema = {"properties": {"a": {"$id": "https://example.com/a.json", "type": "string"}}}
    assert QuickCheck.for_schema(schema, {}) is None
    # A property called "id" is a name, not a base.
    quick = QuickCheck.for_schema({"properties": {"id": {"type": "string"}}}, {})
    assert quick is not None
    assert not quick.surely_valid({"id": 1})


def test_a_schema_with_an_unsupported_keyword_anywhere_gives_no_check() -> None:
    schema = {"items": {"properties": {"a": {"patternProperties": {"^x-": {"type": "string"}}}}}}
    assert QuickCheck.for_schema(schema, {}, unsupported=frozenset({"patternProperties"})) is None
    assert QuickCheck.for_schema(schema, {}) is not None


def test_meta_schema_parts_are_read_as_jsonschema_has_them() -> None:
    # jsonschema-rs's own copy of the draft 4 meta-schema lets an enum repeat its values.
    schema = {"$schema": "http://json-schema.org/draft-04/schema#",
              "properties": {"enum": {"$ref": "http://json-schema.org/draft-04/schema#/properties/enum"}}}
    quick = QuickCheck.for_schema(schema, {})
    assert quick is not None
    assert quick.surely_valid({"enum": [1, 2]})
    assert not quick.surely_valid({"enum": [1, 1]})
    assert not quick.surely_valid({"enum": []})


def test_without_jsonschema_rs_there_is_no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)
    assert QuickCheck.for_schema({"type": "object"}, {}) is None


@pytest.mark.parametrize("instance", [{1: "a"}, {"a": b"bytes"}, {"a": object()}], ids=["int key", "bytes", "object"])
def test_an_instance_json_cannot_hold_is_left_to_jsonschema(instance: Any) -> None:
    quick = QuickCheck.for_schema({"additionalProperties": {"type": "integer"}}, {})
    assert quick is not None
    assert not quick.surely_valid(instance)


def nested(depth: int) -> Any:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth - 1):
        node["a"] = {}
        node = node["a"]
    return root


def test_depth_is_measured_without_recursion() -> None:
    assert not depth_over(nested(5), 5)
    assert depth_over(nested(6), 5)
    assert not depth_over([[], [[]], {"a": [1]}], 3)
    assert depth_over([[], [[]], {"a": [[1]]}], 3)
    assert depth_over(nested(200_000), MAX_DEPTH)


def test_a_deeply_nested_instance_is_left_to_jsonschema_and_the_process_survives() -> None:
    # jsonschema-rs overflows the native stack on deep enough instances, which kills the process;
    # the check must refuse them, measured or told.
    script = """
from apilint.quick_validity import QuickCheck
from tests.unit.core.test_quick_validity import nested
quick = QuickCheck.for_schema({"properties": {"a": {"$ref": "#"}}}, {})
deep = nested(100_000)
print(quick.surely_valid(deep), quick.surely_valid(deep, depth=100_000), quick.surely_valid(nested(50)))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "True"]
