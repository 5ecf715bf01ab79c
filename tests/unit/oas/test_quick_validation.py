"""Validation asks jsonschema-rs first: it must never pass what jsonschema rejects.

oas2-schema and oas3-schema check documents, and the example rules check example schemas
against their meta-schema, with a quick check first. Over every document and schema of apilint's
tests and examples, over documents made by changing one place of a valid one, and over generated
schemas, the quick check and jsonschema must give the same verdict: a quick "valid" where
jsonschema finds an error would lose findings.
"""

from __future__ import annotations

import copy
import functools
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from apilint.quick_validity import MAX_DEPTH, depth_over, nesting_depth
from apilint_functions.schema import DIALECTS, quick_check
from apilint_oas.functions.examples import _Compiled, meta_check, meta_validators
from apilint_oas.validation import MAX_VALIDATED_NODES, SchemaValidation, bundle, validation_input
from tests.corpus import Project, projects

FORMATS = ("oas2", "oas3_0", "oas3_1", "oas3_2")


def jsonschema_valid(validator: Any, data: Any) -> bool | None:
    try:
        return next(iter(validator.iter_errors(data)), None) is None
    except RecursionError:
        return None


@functools.cache
def corpus_inputs() -> list[tuple[str, str, Any, int]]:
    """(project name, format, data, depth) of every corpus document the rules validate."""
    found = []
    for project in projects():
        with tempfile.TemporaryDirectory() as folder:
            workspace, document = project.read(Path(folder))
            if not document.parsed or document.spec_format not in FORMATS:
                continue
            view = bundle(document, workspace)
            if view.alias_loop is None and view.size <= MAX_VALIDATED_NODES:
                found.append((project.name, document.spec_format, view.data, view.depth))
    return found


@pytest.fixture(scope="module")
def verdicts() -> list[tuple[str, str, bool, bool]]:
    """(project, format, jsonschema's verdict, the quick check's) for every corpus document."""
    results = []
    for name, spec_format, data, depth in corpus_inputs():
        view_data, validation = _input(spec_format, data)
        assert validation.quick is not None, f"no quick check for {spec_format}"
        full = jsonschema_valid(validation.validator, view_data)
        if full is not None:
            results.append((name, spec_format, full, validation.quick.surely_valid(view_data, depth=depth)))
    return results


class _View:
    """The part of a bundled view that validation_input reads."""

    def __init__(self, data: Any) -> None:
        self.data = data


def _input(spec_format: str, data: Any) -> tuple[Any, SchemaValidation]:
    return validation_input(_View(data), spec_format)  # type: ignore[arg-type]


def test_the_quick_check_never_passes_a_document_jsonschema_rejects(verdicts: list[tuple[str, str, bool, bool]]
                                                                     ) -> None:
    lost = [name for name, _, full, quick in verdicts if quick and not full]
    assert not lost, f"findings would be lost for: {lost}"


def test_the_quick_check_agrees_with_jsonschema_on_every_corpus_document(
        verdicts: list[tuple[str, str, bool, bool]]) -> None:
    slower = [name for name, _, full, quick in verdicts if full and not quick]
    assert not slower, f"valid documents the quick check could not pass: {slower}"


def test_the_corpus_has_valid_and_invalid_documents_of_each_version(verdicts: list[tuple[str, str, bool, bool]]
                                                                     ) -> None:
    counts = Counter((spec_format, full) for _, spec_format, full, _ in verdicts)
    for spec_format in ("oas2", "oas3_0", "oas3_1"):
        assert counts[spec_format, True] >= 20, counts
        assert counts[spec_format, False] >= 10, counts


# -- documents one change away from a valid one

ODD_VALUES = st.one_of(
    st.sampled_from([None, True, False, 0, 1, -1, 1.0, 1.5, 2 ** 64, "", "x", "x-extension", "3.0.3", "3.1.0", "2.0",
                     "query", "path", "object", "integer", "^a$", "(", "http://example.com", "not a uri",
                     "user@example.com", "not an email", "١٢٣", "#/components/schemas/Pet", [], {}, [1, 1], ["a", "a"],
                     {"$ref": "#/components/schemas/Pet"}, {"type": "string"}, {"description": 3}]),
    st.integers(), st.text(max_size=5),
)


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            places.extend(_places(value, (*path, index)))
    return places


@functools.cache
def valid_documents() -> list[tuple[str, Any]]:
    """Up to 40 valid corpus documents of each format."""
    chosen: dict[str, list[Any]] = {}
    for _, spec_format, data, _ in corpus_inputs():
        _, validation = _input(spec_format, data)
        if jsonschema_valid(validation.validator, data) and len(chosen.setdefault(spec_format, [])) < 40:
            chosen[spec_format].append(data)
    return [(spec_format, data) for spec_format, documents in sorted(chosen.items()) for data in documents]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(choice=st.integers(min_value=0), place=st.integers(min_value=0), action=st.sampled_from(["set", "add", "drop"]),
       key=st.sampled_from(["x-a", "type", "format", "enum", "name", "in", "required", "items", "$ref", "nullable",
                            "pattern", "default", "example", "zz"]),
       value=ODD_VALUES)
def test_one_change_gets_the_same_verdict(choice: int, place: int, action: str, key: str, value: Any) -> None:
    documents = valid_documents()
    spec_format, original = documents[choice % len(documents)]
    data = copy.deepcopy(original)
    places = _places(data)
    path = places[place % len(places)]
    parent: Any = data
    for step in path[:-1]:
        parent = parent[step]
    if action == "set" and path:
        parent[path[-1]] = value
    elif action == "drop" and path and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        target = parent[path[-1]] if path else data
        if isinstance(target, dict):
            target[key] = value
    view_data, validation = _input(spec_format, data)
    full = jsonschema_valid(validation.validator, view_data)
    if full is None:
        return
    assert validation.quick is not None
    assert validation.quick.surely_valid(view_data) == full, (spec_format, path, action, key, value)


# -- example schemas against the meta-schemas: the corpus's schemas and generated ones, in every dialect

SCHEMA_PLACES = {"schema", "items", "additionalProperties", "not"}
SCHEMA_MAPS = {"schemas", "definitions", "properties", "$defs"}
SCHEMA_LISTS = {"allOf", "anyOf", "oneOf"}


def _schemas(node: Any, found: dict[str, Any]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in SCHEMA_PLACES and isinstance(value, dict):
                found.setdefault(repr(value), value)
            elif key in SCHEMA_MAPS and isinstance(value, dict):
                found.update((repr(item), item) for item in value.values() if isinstance(item, dict))
            elif key in SCHEMA_LISTS and isinstance(value, list):
                found.update((repr(item), item) for item in value if isinstance(item, dict))
            _schemas(value, found)
    elif isinstance(node, list):
        for item in node:
            _schemas(item, found)


@functools.cache
def corpus_schemas() -> list[Any]:
    found: dict[str, Any] = {}
    for project in projects():
        with tempfile.TemporaryDirectory() as folder:
            _, document = project.read(Path(folder))
            if document.parsed and not depth_over(document.data, 100):  # no alias loops, no nesting tests
                _schemas(document.data, found)
    return list(found.values())


@pytest.mark.parametrize("dialect", sorted(DIALECTS))
def test_corpus_schemas_get_jsonschemas_verdict_against_each_meta_schema(dialect: str) -> None:
    quick = meta_check(dialect)
    assert quick is not None
    schemas = corpus_schemas()
    assert len(schemas) > 300
    verdicts = [(schema, meta_validators()[dialect].is_valid(schema), quick.surely_valid(schema)) for schema in schemas]
    lost = [schema for schema, full, fast in verdicts if fast and not full]
    assert not lost, lost[:5]
    slower = [schema for schema, full, fast in verdicts if full and not fast]
    assert not slower, slower[:5]
    assert sum(not full for _, full, _ in verdicts) >= 10  # the corpus has invalid schemas too


KEYWORDS = ("type", "enum", "const", "required", "properties", "items", "additionalProperties", "minLength",
            "maximum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "pattern", "format", "allOf", "anyOf",
            "oneOf", "not", "$ref", "dependencies", "dependentRequired", "dependentSchemas", "prefixItems",
            "contains", "minContains", "uniqueItems", "propertyNames", "if", "then", "$anchor", "$dynamicAnchor",
            "$id", "id", "$defs", "definitions", "default", "examples", "readOnly", "deprecated", "$comment",
            "unevaluatedProperties", "contentEncoding", "$vocabulary", "title", "nullable", "discriminator")
META_VALUES = st.recursive(
    st.one_of(st.sampled_from([None, True, False, 0, 1, -1, 1.0, 1.5, 2 ** 70, "", "string", "integer", "object",
                               "array", "null", "number", "^a+$", "(", "[", "\\d", "a{2,1}", "(?<x>a)\\k<x>", "x",
                               "#", "#/definitions/a", "#a", "a b", "https://example.com/s", "date-time", "1x",
                               "A_1", "_a"]),
              st.integers(min_value=-3, max_value=3)),
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.one_of(st.sampled_from(KEYWORDS), st.sampled_from(["a", "b"])),
                                               children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(schema=st.dictionaries(st.sampled_from(KEYWORDS), META_VALUES, max_size=5),
       dialect=st.sampled_from(sorted(DIALECTS)))
def test_generated_schemas_get_jsonschemas_verdict(schema: dict[str, Any], dialect: str) -> None:
    quick = meta_check(dialect)
    assert quick is not None
    try:
        full = meta_validators()[dialect].is_valid(schema)
    except RecursionError:
        return
    assert full or not quick.surely_valid(schema), f"passed a schema the {dialect} meta-schema rejects: {schema}"


# -- examples against their schemas, with Ajv's semantics

NAMES = st.sampled_from(["a", "b", "c"])
NUMBERS = st.sampled_from([0, 1, 2, -1, 1.0, 0.5, 0.1, 2.5, 10, 2 ** 31 - 1, 2 ** 53, 1e300])
COUNTS = st.sampled_from([0, 1, 2, 3, 1.0])
TYPES = st.sampled_from(["string", "integer", "number", "object", "array", "boolean", "null"])
FORMAT_NAMES = st.sampled_from(["date", "time", "date-time", "email", "uuid", "uri", "uri-reference", "ipv4", "ipv6",
                           "hostname", "duration", "byte", "regex", "json-pointer", "url", "colour", "int32",
                           "int64"])
PATTERNS = st.sampled_from(["^a", "b$", "^\\d+$", "\\w", "^[a-z]+$", "é", ".", "^.$", "(", "\\bb", "^\\s*$",
                            "[^a]", "a{2}", "(?<n>a)\\k<n>"])
EXAMPLE_SCALARS = st.sampled_from([
    None, True, False, 0, 1, -1, 1.0, 1.5, -0.0, 0.30000000000000004, 2 ** 31, 2 ** 53 + 1, 2 ** 63, 10 ** 30, 1e300,
    "", "a", "b", "é", "😀", "2024-02-30", "2024-02-29", "12:00:00", "24:00:00", "2024-01-01T00:00:00Z",
    "user@example.com", "a@b", "123e4567-e89b-12d3-a456-426614174000", "http://example.com/x", "/a/b", "aGk=",
    "10.0.0.1", "256.0.0.1", "::1", "P1D", "(", "[a-z]+", "example.com"])
EXAMPLE_VALUES = st.recursive(
    EXAMPLE_SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(NAMES, children, max_size=3)),
    max_leaves=8,
)
SCHEMAS: st.SearchStrategy[Any] = st.deferred(lambda: st.one_of(
    st.booleans(),
    st.fixed_dictionaries({}, optional={
        "type": st.one_of(TYPES, st.lists(TYPES, min_size=1, max_size=3, unique=True)),
        "enum": st.lists(EXAMPLE_SCALARS, min_size=1, max_size=4, unique_by=repr),
        "const": EXAMPLE_SCALARS, "pattern": PATTERNS, "minimum": NUMBERS, "maximum": NUMBERS,
        "exclusiveMaximum": NUMBERS,
        "multipleOf": st.sampled_from([1, 2, 0.5, 0.1, 1.0]), "minLength": COUNTS, "maxLength": COUNTS,
        "items": SCHEMAS, "prefixItems": st.lists(SCHEMAS, min_size=1, max_size=2), "minItems": COUNTS,
        "maxItems": COUNTS, "uniqueItems": st.booleans(), "required": st.lists(NAMES, min_size=1, unique=True),
        "properties": st.dictionaries(NAMES, SCHEMAS, max_size=2), "additionalProperties": SCHEMAS,
        "minProperties": COUNTS, "dependentRequired": st.dictionaries(NAMES, st.lists(NAMES, unique=True),
                                                                      max_size=1),
        "format": FORMAT_NAMES, "allOf": st.lists(SCHEMAS, min_size=1, max_size=2),
        "anyOf": st.lists(SCHEMAS, min_size=1, max_size=2), "oneOf": st.lists(SCHEMAS, min_size=1, max_size=2),
        "not": SCHEMAS, "if": SCHEMAS, "then": SCHEMAS, "contains": SCHEMAS,
    }),
))


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(schema=SCHEMAS, instance=EXAMPLE_VALUES, dialect=st.sampled_from(sorted(DIALECTS)))
def test_generated_examples_get_jsonschemas_verdict(schema: Any, instance: Any, dialect: str) -> None:
    try:
        if not meta_validators()[dialect].is_valid(schema):
            return  # only schemas that pass their meta-schema check examples
        compiled = _Compiled(schema, dialect, quick=quick_check(schema, dialect))
        if compiled.quick is None:
            return
        full = next(iter(compiled.validator.iter_errors(instance)), None) is None
    except Exception:  # noqa: BLE001 - where jsonschema fails, the rule reports nothing either way
        return
    assert full or not compiled.quick.surely_valid(instance), f"passed in {dialect}: {instance!r} against {schema}"


def test_example_patterns_and_formats_are_checked_as_ajv_checks_them() -> None:
    # Patterns are JavaScript regular expressions: \d is ASCII only, as without the u flag.
    digits = quick_check({"properties": {"a": {"pattern": "^\\d+$"}}}, "draft4")
    assert digits is not None
    assert digits.surely_valid({"a": "123"})
    assert not digits.surely_valid({"a": "١٢٣"})
    # int32 is asserted on numbers, which jsonschema-rs's formats never see.
    int32 = quick_check({"format": "int32"}, "draft2020-12")
    assert int32 is not None
    assert int32.surely_valid(7) and int32.surely_valid("text")
    assert not int32.surely_valid(2 ** 31)
    # patternProperties would be matched with jsonschema-rs's own regular expressions.
    assert quick_check({"patternProperties": {"^x-": {}}}, "draft7") is None


def test_the_depth_handed_to_the_quick_check_is_never_less_than_the_datas() -> None:
    # jsonschema-rs ends the process on data nested deeply enough, so the bundled view's depth
    # must count everything validated: literal data and references kept as they are included.
    for name, _, data, depth in corpus_inputs():
        assert depth >= (nesting_depth(data, 10 ** 6) or 0), name


def test_a_deep_example_beside_a_reference_to_another_file_is_measured(tmp_path: Path) -> None:
    deep = "[" * 3_000 + '"leaf"' + "]" * 3_000  # written out: json.dumps cannot nest this deep
    document = ('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"responses": {'
                '"200": {"$ref": "other.json#/Ok", "x-deep": ' + deep + '}, '
                '"400": {"description": "x", "content": {"application/json": {"example": ' + deep + '}}}}}}}}')
    project = Project("deep", document, {"other.json": {"Ok": {"description": "ok"}}})
    workspace, read = project.read(tmp_path)
    assert read.parsed
    view = bundle(read, workspace)
    assert view.depth > MAX_DEPTH  # so the quick check leaves it to jsonschema
