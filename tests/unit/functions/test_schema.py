"""schema: options checks, formats, and what happens when a schema cannot be used."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from apilint.document import Document
from apilint.functions import FunctionContext, FunctionResult
from apilint_functions.schema import SCHEMA, validate_schema_options

CONTEXT = FunctionContext(path=(), document=Document("file:///api.yaml", "api.yaml", "", {}), rule_id="test",
                          spec_format="oas3_1")


def check(value: Any, options: dict[str, Any]) -> list[FunctionResult]:
    return list(SCHEMA.check(value, options, CONTEXT))


def schema_errors(options: dict[str, Any]) -> list[str]:
    assert SCHEMA.options_schema is not None
    return [error.message for error in Draft202012Validator(SCHEMA.options_schema).iter_errors(options)]


# (format, value, whether Spectral 6 (ajv-formats 2.1.1) accepts it), from running Spectral's schema function.
FORMATS = [
    ('date-time', '2024-02-29T12:30:00Z', True),
    ('date-time', '2024-02-29T12:30:00', True),
    ('date-time', '2024-02-29t12:30:00+01:00', True),
    ('date-time', '2024-02-29 12:30:00Z', True),
    ('date-time', '2023-02-29T12:30:00Z', False),
    ('date-time', '2024-02-29T24:00:00Z', False),
    ('date-time', '2024-02-29T23:59:60Z', True),
    ('date-time', '2024-02-29T12:30:00.123456Z', True),
    ('date-time', '2024-02-29T12:30Z', False),
    ('date-time', '2024-02-29T12:30:00+0100', True),
    ('date', '2024-02-29', True),
    ('date', '2023-02-29', False),
    ('date', '2024-2-29', False),
    ('date', '20240229', False),
    ('time', '12:30:00.5', True),
    ('time', '12:30:60', False),
    ('time', '23:59:60Z', True),
    ('time', '12:30:00+25:00', True),
    ('time', '12:30:00-01', True),
    ('time', '12:30:00', True),
    ('time', '12:30:00Z', True),
    ('time', '12:30:00+01:00', True),
    ('time', '25:00:00', False),
    ('time', '12:30', False),
    ('time', '12:30:00.5z', True),
    ('email', 'a@b.c', True),
    ('email', 'a@[1.2.3.4]', False),
    ('email', 'a@b-.com', False),
    ('email', 'a@b.com.', False),
    ('email', 'A@B.COM', True),
    ('email', 'a@localhost', False),
    ('email', 'é@b.com', False),
    ('email', 'a@é.com', False),
    ('email', 'a@1.2.3.4', True),
    ('email', 'a@b.com', True),
    ('email', 'a@b', False),
    ('email', 'a.b@c.d', True),
    ('email', 'a..b@c.com', False),
    ('email', 'a b@c.com', False),
    ('email', '@b.com', False),
    ('email', 'a@-b.com', False),
    ('email', 'a+tag@example.co.uk', True),
    ('email', '"q"@x.com', False),
    ('uri', 'https://a.b/c?d#e', True),
    ('uri', '/pets', False),
    ('uri', 'mailto:a@b.c', True),
    ('uri', 'http://a b', False),
    ('uri', 'urn:isbn:123', True),
    ('uri', 'http://[::1]/', True),
    ('uri', 'http://a.b/%zz', False),
    ('uri', 'a:b', True),
    ('uri', 'http://x/ä', False),
    ('uri-reference', '/pets', True),
    ('uri-reference', '../x', True),
    ('uri-reference', '#frag', True),
    ('uri-reference', 'http://a b', False),
    ('uri-reference', '', True),
    ('uri-reference', 'x y', False),
    ('hostname', 'example.com', True),
    ('hostname', '-bad.com', False),
    ('hostname', 'a_b.com', False),
    ('hostname', 'localhost', True),
    ('hostname', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com', False),
    ('hostname', 'example.com.', True),
    ('uuid', '6a2f41a3-c54c-fce8-32d2-0324e1c32e22', True),
    ('uuid', '6A2F41A3-C54C-FCE8-32D2-0324E1C32E22', True),
    ('uuid', 'urn:uuid:6a2f41a3-c54c-fce8-32d2-0324e1c32e22', True),
    ('uuid', '6a2f41a3c54cfce832d20324e1c32e22', False),
    ('ipv4', '001.2.3.4', True),
    ('ipv4', '0.0.0.0', True),
    ('ipv4', '1.2.3.04', True),
    ('ipv4', '1.2.3.256', False),
    ('ipv4', '1.2.3.4', True),
    ('ipv4', '01.2.3.4', True),
    ('ipv4', '256.1.1.1', False),
    ('ipv4', '1.2.3', False),
    ('ipv6', '::1', True),
    ('ipv6', 'fe80::1%eth0', False),
    ('ipv6', '1:2:3:4:5:6:7:8', True),
    ('ipv6', '::ffff:1.2.3.4', True),
    ('ipv6', '1::2::3', False),
    ('int32', 1, True),
    ('int32', 2147483647, True),
    ('int32', 2147483648, False),
    ('int32', -2147483648, True),
    ('int32', 1.5, False),
    ('int32', 1.0, True),
    ('int32', 'x', True),
    ('int64', 1, True),
    ('int64', 9007199254740991, True),
    ('int64', 9223372036854775807, True),
    ('int64', 1.5, False),
    ('byte', 'aGVsbG8=', True),
    ('byte', 'aGVsbG8', False),
    ('byte', 'aGVs bG8=', False),
    ('byte', '', True),
    ('json-pointer', '', True),
    ('json-pointer', '/a/b', True),
    ('json-pointer', 'a', False),
    ('json-pointer', '/a~2', False),
    ('json-pointer', '/~0~1', True),
    ('relative-json-pointer', '0', True),
    ('relative-json-pointer', '1/a', True),
    ('relative-json-pointer', '0#', True),
    ('relative-json-pointer', '01', False),
    ('relative-json-pointer', '-1', False),
    ('duration', 'P1Y1W', False),
    ('duration', 'PT1H1.5S', False),
    ('duration', 'P1M', True),
    ('duration', 'PT36H', True),
    ('duration', 'P0D', True),
    ('duration', 'P1D', True),
    ('duration', 'PT1H', True),
    ('duration', 'P1W', True),
    ('duration', 'P', False),
    ('duration', 'PT', False),
    ('duration', 'P1Y2M3DT4H5M6S', True),
    ('duration', 'P1.5D', False),
    ('duration', 'PT1.5S', False),
    ('regex', '^a$', True),
    ('regex', '(unclosed', False),
    ('regex', '(?<n>a)', True),
    ('regex', '\\p{L}', True),
    ('regex', 'a{2,1}', False),
    ('url', 'https://a.b', False),
    ('url', 'a:b', False),
    ('url', 'ftp://x.y', False),
    ('url', 'https://example.com', True),
    ('url', 'http://example.com/a?b#c', True),
    ('url', 'ftp://example.com', True),
    ('url', 'mailto:a@example.com', False),
    ('url', 'https://localhost', False),
    ('url', 'https://localhost:8080/x', False),
    ('url', 'https://10.0.0.1/', False),
    ('url', 'https://8.8.8.8/', True),
    ('url', 'https://a.bc', True),
    ('url', 'https://ex ample.com', False),
    ('url', 'https://example.com/ä', True),
    ('url', 'https://user:pw@example.com', True),
    ('url', 'ws://example.com', False),
    ('url', 'https://example.com:99999', True),
    ('url', 'https://xn--bcher-kva.example', False),
    ('url', 'https://bücher.de', True),
    ('url', 'HTTPS://EXAMPLE.COM', True),
    ('url', 'https://-a.com', False),
    ('url', 'https://a_b.com', False),
    ('url', 'https://xn--a.com', False),
    ('url', 'https://a--b.com', False),
    ('url', 'https://ab.example', True),
    ('url', 'https://a-.com', False),
    ('url', 'https://a.b.c.com', True),
    ('url', 'https://a.com.', False),
    ('url', 'https://255.1.1.1', False),
    ('url', 'https://1.1.1.255', False),
    ('url', 'https://223.1.1.1', True),
    ('url', 'https://224.1.1.1', False),
    ('float', 1.5, True),
    ('float', 'x', True),
    ('double', 1.5, True),
    ('password', 'x', True),
    ('binary', 'x', True),
]


@pytest.mark.parametrize(("name", "value", "valid"), FORMATS)
def test_formats_are_asserted_as_spectral_asserts_them(name: str, value: Any, valid: bool) -> None:
    assert (check(value, {"schema": {"format": name}}) == []) is valid


@pytest.mark.parametrize(("options", "words"), [
    ({"schema": {"pattern": "(?P<name>a)"}}, "the pattern \"(?P<name>a)\" is not a usable regular expression"),
    ({"schema": {"properties": {"a": {"patternProperties": {"(": {}}}}}},
     'the "patternProperties" key "(" (at /properties/a) is not a usable regular expression'),
    ({"schema": {"$ref": "#/definitions/missing"}}, 'the reference "#/definitions/missing" cannot be resolved'),
    ({"schema": {"items": {"$ref": "#/$defs/missing"}}, "dialect": "draft2020-12"}, "(at /items) cannot be resolved"),
    ({"schema": {"$ref": "https://example.com/remote.json"}}, "cannot be resolved"),
    ({"schema": {"$schema": "http://example.com/my-dialect"}}, "is not a JSON Schema dialect apilint knows"),
    ({"schema": {"$schema": "http://json-schema.org/draft-07/schema#"}, "dialect": "draft2020-12"},
     '$schema says draft7 but "dialect" is draft2020-12'),
    ({"schema": {"type": "striing"}}, '"schema" is not a valid draft7 schema at /type'),
    ({"schema": {"exclusiveMinimum": 3}, "dialect": "draft4"}, '"schema" is not a valid draft4 schema'),
])
def test_validate_schema_options_names_the_problem(options: dict[str, Any], words: str) -> None:
    problems = validate_schema_options(options)
    assert len(problems) == 1
    assert words in problems[0]


@pytest.mark.parametrize("options", [
    {"schema": {"definitions": {"a": {"type": "string"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}},
    {"schema": {"$defs": {"a": {"$anchor": "thing"}}, "items": {"$ref": "#thing"}}, "dialect": "draft2020-12"},
    {"schema": {"$ref": "http://json-schema.org/draft-07/schema#"}},
    {"schema": {"$id": "https://example.com/root", "$defs": {"a": {}}, "items": {"$ref": "#/$defs/a"}},
     "dialect": "draft2019-09"},
    {"schema": {"properties": {"pattern": {"type": "string"}, "$ref": {"type": "string"}}}},
    {"schema": {"enum": [{"pattern": "("}], "const": {"$ref": "#/nowhere"}}},
    {"schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "prefixItems": [{}]}, "dialect": "auto"},
    {"schema": {"patternProperties": {"^x-(?<name>.+)$": {}}}},
])
def test_valid_schemas_have_no_problems(options: dict[str, Any]) -> None:
    assert schema_errors(options) == []
    assert validate_schema_options(options) == []


@pytest.mark.parametrize(("options", "where"), [
    ({"schema": {"type": "striing"}}, ["schema", "type"]),
    ({"schema": {"minimum": 1, "exclusiveMinimum": True}}, ["schema", "exclusiveMinimum"]),
    ({"schema": {"$schema": "http://json-schema.org/draft-04/schema#", "exclusiveMinimum": 3}},
     ["schema", "exclusiveMinimum"]),
    ({"schema": {"type": "string"}, "dialect": "draft3"}, ["dialect"]),
])
def test_the_options_schema_checks_the_schema_against_its_meta_schema(options: dict[str, Any],
                                                                       where: list[str]) -> None:
    assert SCHEMA.options_schema is not None
    errors = list(Draft202012Validator(SCHEMA.options_schema).iter_errors(options))
    assert errors
    assert any(list(error.absolute_path) == where for error in errors)


def test_an_unresolvable_reference_is_reported_not_raised() -> None:
    results = check({"a": 1}, {"schema": {"properties": {"a": {"$ref": "#/definitions/missing"}}}})
    assert [result.message for result in results] == [
        'cannot be checked: the schema\'s reference "#/definitions/missing" cannot be resolved']


def test_an_unusable_pattern_is_reported_not_raised() -> None:
    results = check("a", {"schema": {"pattern": "(?P<name>a)"}})
    assert len(results) == 1
    assert results[0].message.startswith("cannot be checked: the schema has a pattern that cannot be used")


def test_validators_are_built_once_per_schema_object() -> None:
    from apilint_functions import schema as module

    def cached() -> Any:
        return module._SCHEMA_CHECKS.get(options["schema"], "draft7", lambda: pytest.fail("not built by the check"))

    options = {"schema": {"type": "string", "minLength": 2}}
    check("a", options)
    checks = cached()
    built = checks.validator
    check("b", options)
    assert cached() is checks
    assert checks.validator is built


def test_all_errors_reports_problems_in_order_of_the_value() -> None:
    results = check([1, "a", 2], {"schema": {"items": {"type": "string"}}, "allErrors": True})
    assert [result.path for result in results] == [(0,), (2,)]
