"""Functions about schemas: ``schema`` validates a value against a JSON Schema given in the options, and
``typedEnum`` checks that a schema object's ``enum`` values have its declared ``type``."""

from __future__ import annotations

import datetime
import functools
import ipaddress
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from apilint.functions import MAX_WALKED_NODES, FunctionContext, FunctionResult, RuleFunction, larger_than
from apilint.identity_cache import IdentityCache
from apilint.js_regex import JsRegexError, compile_js_regex
from apilint.pointer import pointer_from_tokens
from apilint.quick_validity import MAX_DEPTH, QuickCheck, nesting_depth
from apilint_functions.values import UNDEFINED, describe_list, describe_value, is_number, object_keys

# jsonschema is imported where it is used, not here: most documents pass every schema they are
# checked against, jsonschema-rs says so (apilint/quick_validity.py), and jsonschema's import alone
# takes longer than linting a small document. Its errors are what the findings are made from.
if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = [
    "DIALECTS", "FUNCTIONS", "SCHEMA", "SCHEMA_LISTS", "SCHEMA_MAPS", "SCHEMA_VALUES", "TYPED_ENUM",
    "declared_dialect", "describe_error", "format_check", "format_checker", "is_valid_regex", "quick_check",
    "validate_schema_options",
    "validator_classes",
]

#: The dialects the ``dialect`` option names, and the meta-schema of each.
DIALECTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}
_DECLARED = {
    "draft4": r"^https?://json-schema\.org/draft-04/(hyper-)?schema#?$",
    "draft6": r"^https?://json-schema\.org/draft-06/(hyper-)?schema#?$",
    "draft7": r"^https?://json-schema\.org/draft-07/(hyper-)?schema#?$",
    "draft2019-09": r"^https?://json-schema\.org/draft/2019-09/(hyper-)?schema#?$",
    "draft2020-12": r"^https?://json-schema\.org/draft/2020-12/(hyper-)?schema#?$",
}
_DEFAULT_DIALECT = "draft7"


def declared_dialect(schema: Mapping[str, Any]) -> str | None:
    declared = schema.get("$schema")
    if not isinstance(declared, str):
        return None
    for dialect, pattern in _DECLARED.items():
        if re.match(pattern, declared):
            return dialect
    return None


def _dialect(options: Mapping[str, Any], schema: Mapping[str, Any]) -> str:
    dialect = options.get("dialect", "auto")
    if dialect in DIALECTS:
        return str(dialect)
    return declared_dialect(schema) or _DEFAULT_DIALECT


# -- JavaScript semantics inside jsonschema
#
# Spectral validates with Ajv, so the schema's patterns are JavaScript regular expressions (without the
# u flag), formats are asserted, and 1.0 is an integer in every draft. The keywords that read patterns
# are replaced here; the others keep jsonschema's implementation.

def _search(pattern: str, text: str) -> bool:
    return compile_js_regex(pattern).test(text)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not _search(pattern, instance):
        yield ValidationError(f"must match the pattern {describe_value(pattern)}")


def _descend(validator: Any, value: Any, subschema: Any, key: Any, schema_path: Any) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if subschema is False:
        # jsonschema reports a false subschema without the key that led to it.
        yield ValidationError("is not allowed", path=[key])
    else:
        yield from validator.descend(value, subschema, path=key, schema_path=schema_path)


def _properties(validator: Any, properties: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    if isinstance(instance, Mapping) and isinstance(properties, Mapping):
        for name, subschema in properties.items():
            if name in instance:
                yield from _descend(validator, instance[name], subschema, name, name)


def _pattern_properties(validator: Any, patterns: Mapping[str, Any], instance: Any,
                        schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    if not isinstance(instance, Mapping):
        return
    for pattern, subschema in patterns.items():
        for key in object_keys(instance):
            if _search(pattern, str(key)):
                yield from _descend(validator, instance[key], subschema, key, pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any,
                           schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, Mapping):
        return
    known = schema.get("properties") or {}
    patterns = list(schema.get("patternProperties") or {})
    extras = [key for key in object_keys(instance)
              if key not in known and not any(_search(pattern, str(key)) for pattern in patterns)]
    if isinstance(additional, Mapping):
        for key in extras:
            yield from _descend(validator, instance[key], additional, key, None)
    elif additional is False:
        # One problem per property, reported on the object, as Spectral does.
        for key in extras:
            yield ValidationError(f"must not have the property {describe_value(key)}")


def _required(validator: Any, required: Any, instance: Any, schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, Mapping) and isinstance(required, list):
        for name in required:
            if name not in instance:
                yield ValidationError(f"must have the property {describe_value(name)}")


def _dependent_required(validator: Any, dependencies: Any, instance: Any,
                        schema: Mapping[str, Any]) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if not isinstance(instance, Mapping) or not isinstance(dependencies, Mapping):
        return
    for name, dependency in dependencies.items():
        if name not in instance:
            continue
        if isinstance(dependency, list):
            for needed in dependency:
                if needed not in instance:
                    yield ValidationError(f"must have the property {describe_value(needed)} "
                                          f"when it has {describe_value(name)}")
        else:
            yield from validator.descend(instance, dependency, schema_path=name)


def _is_integer(checker: Any, instance: Any) -> bool:
    return is_number(instance) and (isinstance(instance, int) or float(instance).is_integer())


# Formats are asserted as Spectral's Ajv asserts them (ajv-formats 2, "full" mode); unknown formats pass.
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
# The offset is optional in a time and in a date-time, and its minutes are optional too.
_TIME = re.compile(r"(\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[zZ]|[+-]\d{2}(?::?\d{2})?)?", re.ASCII)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"{_LABEL}(?:\.{_LABEL})*\.?", re.ASCII)
# An email address needs a domain of at least two labels.
_EMAIL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    rf"@{_LABEL}(?:\.{_LABEL})+", re.ASCII)
_URI_CHARS = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9A-Fa-f]{2})"
_URI = re.compile(rf"[A-Za-z][A-Za-z0-9+.-]*:{_URI_CHARS}*", re.ASCII)
_URI_REFERENCE = re.compile(rf"{_URI_CHARS}*", re.ASCII)
# "url" is narrower than "uri": http, https or ftp, and a public host name (with a top-level domain of
# two letters or more) or a public IPv4 address.
_URL = re.compile(r"(?:https?|ftp)://(?:[^\s:@/]+(?::[^\s@/]*)?@)?(?P<host>[^\s/?#:]+)(?::\d{2,5})?(?:[/?#]\S*)?",
                  re.IGNORECASE)
_URL_LABEL = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_TOP_LEVEL_DOMAIN = re.compile(r"[^\W\d_]{2,}")
_IPV4 = re.compile(r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})", re.ASCII)
_UUID = re.compile(r"(?:urn:uuid:)?[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", re.ASCII)
_POINTER = r"(?:/(?:[^~/]|~[01])*)*"
_JSON_POINTER = re.compile(_POINTER)
_RELATIVE_POINTER = re.compile(rf"(?:0|[1-9][0-9]*)(?:#|{_POINTER})", re.ASCII)
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?", re.ASCII)
# Weeks stand alone; seconds are whole.
_DURATION = re.compile(r"P(?!$)(?:(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?|\d+W)", re.ASCII)


def _valid_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if match is None:
        return False
    try:
        datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    match = _TIME.fullmatch(text)
    if match is None:
        return False
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3))
    leap_second = (hour, minute, second) == (23, 59, 60)
    return hour <= 23 and minute <= 59 and (second <= 59 or leap_second)


def _valid_date_time(text: str) -> bool:
    parts = re.split(r"[Tt\s]", text, maxsplit=1)
    return len(parts) == 2 and _valid_date(parts[0]) and _valid_time(parts[1])


def _valid_ipv4(text: str) -> bool:
    # Leading zeros are accepted ("010.0.0.1"), unlike Python's ipaddress.
    match = _IPV4.fullmatch(text)
    return match is not None and all(int(octet) <= 255 for octet in match.groups())


def _valid_ipv6(text: str) -> bool:
    if "%" in text:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


def _valid_url(text: str) -> bool:
    match = _URL.fullmatch(text)
    if match is None:
        return False
    host = match.group("host")
    if _IPV4.fullmatch(host):
        if not _valid_ipv4(host):
            return False
        address = ipaddress.IPv4Address(".".join(str(int(octet)) for octet in host.split(".")))
        return not (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                    or address.is_reserved or address.is_unspecified or host.endswith(".255"))
    labels = host.split(".")
    return len(labels) >= 2 and all(_URL_LABEL.fullmatch(label) for label in labels[:-1]) \
        and _TOP_LEVEL_DOMAIN.fullmatch(labels[-1]) is not None


def is_valid_regex(text: str) -> bool:
    try:
        compile_js_regex(text)
    except JsRegexError:
        return False
    return True


def _in_int_range(bits: int) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not is_number(value):
            return True
        return (isinstance(value, int) or float(value).is_integer()) and -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)
    return check


_STRING_FORMATS: dict[str, Callable[[str], bool]] = {
    "date": _valid_date,
    "time": _valid_time,
    "date-time": _valid_date_time,
    "duration": lambda text: _DURATION.fullmatch(text) is not None,
    "email": lambda text: _EMAIL.fullmatch(text) is not None,
    "hostname": lambda text: len(text) <= 253 and _HOSTNAME.fullmatch(text) is not None,
    "ipv4": _valid_ipv4,
    "ipv6": _valid_ipv6,
    "uri": lambda text: _URI.fullmatch(text) is not None,
    "url": _valid_url,
    "uri-reference": lambda text: _URI_REFERENCE.fullmatch(text) is not None,
    "uuid": lambda text: _UUID.fullmatch(text) is not None,
    "json-pointer": lambda text: _JSON_POINTER.fullmatch(text) is not None,
    "relative-json-pointer": lambda text: _RELATIVE_POINTER.fullmatch(text) is not None,
    "regex": is_valid_regex,
    "byte": lambda text: _BASE64.fullmatch(text) is not None,
}


def _string_format(check: Callable[[str], bool]) -> Callable[[Any], bool]:
    return lambda value: not isinstance(value, str) or check(value)


def format_check(name: str) -> Callable[[Any], bool] | None:
    """The check of the format ``name`` as Spectral asserts it (any value), or None if it is not asserted."""
    if name in _STRING_FORMATS:
        return _string_format(_STRING_FORMATS[name])
    if name in ("int32", "int64"):
        return _in_int_range(int(name[3:]))
    return None


@functools.cache
def format_checker() -> Any:
    """jsonschema's format checker with the formats Spectral asserts."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    for name in (*_STRING_FORMATS, "int32", "int64"):
        check = format_check(name)
        assert check is not None
        checker.checks(name)(check)
    return checker


_KEYWORDS = {
    "properties": _properties,
    "pattern": _pattern,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
    "required": _required,
}


@functools.cache
def _bases() -> dict[str, Any]:
    from jsonschema import validators

    return {
        "draft4": validators.Draft4Validator,
        # Ajv has no draft-6 mode: Spectral checks draft-6 schemas with its draft-7 validator, if/then/else
        # included.
        "draft6": validators.Draft7Validator,
        "draft7": validators.Draft7Validator,
        "draft2019-09": validators.Draft201909Validator,
        "draft2020-12": validators.Draft202012Validator,
    }


def _validator_class(base: Any) -> Any:
    from jsonschema import validators

    keywords: dict[str, Any] = dict(_KEYWORDS)
    keywords["dependentRequired" if "dependentRequired" in base.VALIDATORS else "dependencies"] = _dependent_required
    return validators.extend(base, keywords,
                             type_checker=base.TYPE_CHECKER.redefine("integer", _is_integer))


@functools.cache
def validator_classes() -> dict[str, Any]:
    """jsonschema's validator classes with JavaScript semantics (as Ajv validates), by dialect."""
    return {dialect: _validator_class(base) for dialect, base in _bases().items()}


@functools.cache
def _meta_classes() -> dict[str, Any]:
    from jsonschema import validators

    return {**_bases(), "draft6": validators.Draft6Validator}


class _QuickPattern:
    """``pattern`` for jsonschema-rs, as a JavaScript regular expression (jsonschema-rs's custom keyword)."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.pattern = value

    def validate(self, instance: Any) -> None:
        # A pattern that cannot be used raises here too: the value is then left to jsonschema, which
        # reports why.
        if isinstance(instance, str) and not _search(self.pattern, instance):
            raise ValueError("does not match the pattern")


class _QuickFormat:
    """``format`` for jsonschema-rs, asserted on values of every type as Ajv asserts it."""

    def __init__(self, parent_schema: Any, value: Any, schema_path: Any) -> None:
        self.check = format_check(value) if isinstance(value, str) else None

    def validate(self, instance: Any) -> None:
        if self.check is not None and not self.check(instance):
            raise ValueError("does not match the format")


_QUICK_KEYWORDS: dict[str, type] = {"pattern": _QuickPattern, "format": _QuickFormat}
# jsonschema-rs would match the names with its own regular expressions, not JavaScript's.
_LEFT_TO_JSONSCHEMA = frozenset(("patternProperties",))


def quick_check(schema: Any, dialect: str, depth: int | None = None) -> QuickCheck | None:
    """jsonschema-rs's check of values against ``schema`` as :func:`validator_classes` reads it (Ajv's way).

    Patterns (JavaScript regular expressions) and formats (asserted on values of every type) are
    checked by this module's functions, called from jsonschema-rs; a schema with
    ``patternProperties``, which jsonschema-rs would match with its own regular expressions, is
    left to jsonschema. ``depth`` is the schema's :func:`~apilint.quick_validity.nesting_depth`,
    when the caller has measured it.
    """
    if depth is None:
        depth = nesting_depth(schema, MAX_DEPTH)
    if depth is None:
        return None
    # Spectral checks draft 6 schemas with its draft 7 validator.
    return QuickCheck.for_schema(schema, {}, draft="draft7" if dialect == "draft6" else dialect, depth=depth,
                                 keywords=_QUICK_KEYWORDS, unsupported=_LEFT_TO_JSONSCHEMA)


class _SchemaChecks:
    """A ``schema`` option's quick check, and its jsonschema validator, made for the first value that fails."""

    __slots__ = ("_validator", "dialect", "quick", "schema")

    def __init__(self, schema: Mapping[str, Any], dialect: str) -> None:
        self.schema, self.dialect = schema, dialect
        self.quick = quick_check(schema, dialect)
        self._validator: Any = None

    @property
    def validator(self) -> Any:
        if self._validator is None:
            self._validator = validator_classes()[self.dialect](self.schema, format_checker=format_checker())
        return self._validator


_SCHEMA_CHECKS: IdentityCache[_SchemaChecks] = IdentityCache(256)


# -- messages

_TYPE_NAMES = {"string": "a string", "integer": "an integer", "number": "a number", "object": "an object",
               "array": "an array", "boolean": "a boolean", "null": "null"}
# Keywords implemented here, whose errors already carry their final message.
_OWN_MESSAGES = frozenset(("properties", "patternProperties", "pattern", "required", "additionalProperties",
                           "dependentRequired", "dependencies"))


def _plural(count: Any, word: str) -> str:
    return f"{describe_value(count)} {word}{'' if count == 1 else 's'}"


def _where(error: ValidationError) -> str:
    path = list(error.relative_path)
    return f" at {pointer_from_tokens(path)}" if path else ""


def describe_error(error: ValidationError) -> str:
    """A short message for one validation error, naming what the schema expects."""
    keyword = error.validator
    schema_path = list(error.relative_schema_path)
    if len(schema_path) >= 2 and schema_path[-2] == "propertyNames" and error.parent is None:
        return f"has the property name {describe_value(error.instance)}, which {_expectation(error)}"
    if keyword in _OWN_MESSAGES:
        return str(error.message)
    if keyword in ("anyOf", "oneOf"):
        which = "at least one" if keyword == "anyOf" else "exactly one"
        if keyword == "oneOf" and not error.context:
            return 'must match exactly one schema in "oneOf", but matches more than one'
        from jsonschema.exceptions import best_match

        closest = best_match(error.context or [])
        detail = f" (closest: {describe_error(closest)}{_where(closest)})" if closest is not None else ""
        return f'must match {which} schema in "{keyword}"{detail}'
    return _expectation(error)


def _expectation(error: ValidationError) -> str:
    keyword, expected, schema = error.validator, error.validator_value, error.schema
    if keyword is None or schema is False:
        return "is not allowed"
    if keyword == "type":
        names = expected if isinstance(expected, list) else [expected]
        return "must be " + " or ".join(_TYPE_NAMES.get(str(name), str(name)) for name in names)
    if keyword == "enum":
        return f"must be one of: {describe_list(expected)}"
    if keyword == "const":
        return f"must be equal to {describe_value(expected)}"
    if keyword == "format":
        return f'must match the format "{expected}"'
    if keyword == "pattern":
        return f"must match the pattern {describe_value(expected)}"
    bounds = {
        "minLength": f"must be at least {_plural(expected, 'character')} long",
        "maxLength": f"must be at most {_plural(expected, 'character')} long",
        "exclusiveMinimum": f"must be greater than {describe_value(expected)}",
        "exclusiveMaximum": f"must be less than {describe_value(expected)}",
        "multipleOf": f"must be a multiple of {describe_value(expected)}",
        "minItems": f"must have at least {_plural(expected, 'item')}",
        "maxItems": f"must have at most {_plural(expected, 'item')}",
        "minProperties": f"must have at least {describe_value(expected)} "
                         f"propert{'y' if expected == 1 else 'ies'}",
        "maxProperties": f"must have at most {describe_value(expected)} "
                         f"propert{'y' if expected == 1 else 'ies'}",
    }
    if keyword in bounds:
        return bounds[keyword]
    if keyword in ("minimum", "maximum"):
        # Draft 4 writes exclusive bounds as a boolean beside minimum and maximum.
        exclusive = isinstance(schema, Mapping) and schema.get(f"exclusive{keyword.capitalize()}") is True
        relation = ("greater" if keyword == "minimum" else "less") + (" than" if exclusive else " than or equal to")
        return f"must be {relation} {describe_value(expected)}"
    if keyword == "uniqueItems":
        return "must not have duplicate items"
    if keyword == "not":
        return 'must not match the schema in "not"'
    if keyword == "contains":
        return 'must have an item that matches the schema in "contains"'
    return str(error.message)


# -- schema

def _schema(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if value is UNDEFINED:
        yield FunctionResult("is missing")
        return
    schema = options.get("schema")
    if not isinstance(schema, Mapping):
        return
    all_errors = options.get("allErrors") is True
    if larger_than(value):  # validation walks a YAML alias's container at every place it appears
        yield FunctionResult(f"cannot be checked: it holds more than {MAX_WALKED_NODES:,} values once its YAML "
                             "aliases are expanded")
        return
    dialect = _dialect(options, schema)
    checks = _SCHEMA_CHECKS.get(schema, dialect, lambda: _SchemaChecks(schema, dialect))
    if checks.quick is not None and checks.quick.surely_valid(value):
        return
    import referencing.exceptions

    try:
        validator = checks.validator
        for error in validator.iter_errors(value):
            yield FunctionResult(describe_error(error), tuple(error.absolute_path))
            if not all_errors:
                return
    except referencing.exceptions.Unresolvable as error:
        # validate_schema_options refuses such schemas when the ruleset loads; this is the fallback.
        reference = str(error.ref)
        written = f"#{reference}" if reference.startswith("/") else reference
        yield FunctionResult(f"cannot be checked: the schema's reference {describe_value(written)} cannot be resolved")
    except (JsRegexError, re.error) as error:
        yield FunctionResult(f"cannot be checked: the schema has a pattern that cannot be used ({error})")
    except RecursionError:
        yield FunctionResult("cannot be checked: the schema or the value is nested too deeply")


def _options_schema() -> dict[str, Any]:
    # The meta-schema check picks the meta-schema the same way the function picks the dialect.
    by_dialect = [
        {"if": {"properties": {"dialect": {"const": dialect}}, "required": ["dialect"]},
         "then": {"properties": {"schema": {"$ref": meta}}}}
        for dialect, meta in DIALECTS.items()
    ]
    by_declaration = [
        {"if": {"properties": {"dialect": {"const": "auto"},
                               "schema": {"properties": {"$schema": {"pattern": _DECLARED[dialect]}},
                                          "required": ["$schema"]}}},
         "then": {"properties": {"schema": {"$ref": meta}}}}
        for dialect, meta in DIALECTS.items()
    ]
    undeclared = {
        "if": {"properties": {"dialect": {"const": "auto"}, "schema": {"not": {"required": ["$schema"]}}}},
        "then": {"properties": {"schema": {"$ref": DIALECTS[_DEFAULT_DIALECT]}}},
    }
    return {
        "type": "object",
        "properties": {
            "schema": {"type": "object", "description": "The JSON Schema the value must match."},
            "dialect": {"enum": ["auto", *DIALECTS], "description": "The JSON Schema draft; auto reads $schema, "
                                                                     "and is draft 7 without it."},
            "allErrors": {"type": "boolean", "description": "Report every problem rather than only the first."},
        },
        "required": ["schema"],
        "additionalProperties": False,
        "allOf": [*by_dialect, *by_declaration, undeclared],
    }


SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_VALUES = ("additionalProperties", "additionalItems", "items", "not", "if", "then", "else", "contains",
                  "propertyNames", "unevaluatedProperties", "unevaluatedItems", "contentSchema")


def _subschemas(schema: Mapping[str, Any]) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    for keyword in SCHEMA_MAPS:
        members = schema.get(keyword)
        if isinstance(members, Mapping):
            for name, subschema in members.items():
                yield (keyword, name), subschema
    dependencies = schema.get("dependencies")
    if isinstance(dependencies, Mapping):
        for name, subschema in dependencies.items():
            yield ("dependencies", name), subschema
    for keyword in SCHEMA_LISTS:
        members = schema.get(keyword)
        if isinstance(members, list):
            for index, subschema in enumerate(members):
                yield (keyword, index), subschema
    for keyword in SCHEMA_VALUES:
        member = schema.get(keyword)
        if isinstance(member, list):
            for index, subschema in enumerate(member):
                yield (keyword, index), subschema
        elif member is not None:
            yield (keyword,), member


def _reference_resolver(root: Mapping[str, Any], dialect: str) -> Callable[[str], bool]:
    """Whether a reference of ``root`` resolves, in the schema or to a meta-schema; built on first use."""
    resolver: Any = None

    def resolves(reference: str) -> bool:
        nonlocal resolver
        import referencing.exceptions
        import referencing.jsonschema
        from jsonschema import validators

        if resolver is None:
            # The registry jsonschema itself resolves against, so references to the meta-schemas resolve too.
            registry: referencing.Registry[Any] = validators.SPECIFICATIONS
            specification = referencing.jsonschema.specification_with(DIALECTS[dialect].rstrip("#"))
            base = str(root.get("$id") or root.get("id") or "") if dialect == "draft4" else str(root.get("$id") or "")
            resolver = registry.with_resource(base, specification.create_resource(root)).crawl().resolver(
                base_uri=base)
        try:
            resolver.lookup(reference)
        except (referencing.exceptions.Unresolvable, ValueError):
            return False
        return True

    return resolves


def _schema_problems(root: Mapping[str, Any], dialect: str) -> Iterator[str]:
    """Patterns that do not compile and references inside the schema that lead nowhere."""
    resolve = _reference_resolver(root, dialect)
    id_keyword = "id" if dialect == "draft4" else "$id"
    pending: list[tuple[tuple[str | int, ...], Any, bool]] = [((), root, True)]
    while pending:
        path, schema, in_root_scope = pending.pop()
        if not isinstance(schema, Mapping):
            continue
        where = f" (at {pointer_from_tokens(path)})" if path else ""
        # Under a nested $id, references are relative to it; those are left to the validator.
        in_root_scope = in_root_scope and (not path or id_keyword not in schema)
        pattern = schema.get("pattern")
        if isinstance(pattern, str) and not is_valid_regex(pattern):
            yield f"the pattern {describe_value(pattern)}{where} is not a usable regular expression"
        for key in schema.get("patternProperties") or {}:
            if not is_valid_regex(str(key)):
                yield f'the "patternProperties" key {describe_value(key)}{where} is not a usable regular expression'
        reference = schema.get("$ref")
        if isinstance(reference, str) and in_root_scope and not resolve(reference):
            yield f"the reference {describe_value(reference)}{where} cannot be resolved"
        pending.extend((path + step, subschema, in_root_scope) for step, subschema in _subschemas(schema))


@functools.cache
def _meta_schema_check(dialect: str) -> QuickCheck | None:
    # As jsonschema validates against the meta-schema here: with no format asserted.
    return QuickCheck.for_schema({"$schema": DIALECTS[dialect], "$ref": DIALECTS[dialect]}, {})


def validate_schema_options(options: Mapping[str, Any]) -> list[str]:
    """Problems with ``schema``'s options beyond what its options schema checks.

    The schema must be valid for its dialect, declare a known ``$schema`` (one that agrees with an
    explicit ``dialect``), have patterns that compile as JavaScript regular expressions, and have
    references that resolve (within the schema itself or to a JSON Schema meta-schema).
    """
    schema = options.get("schema")
    if not isinstance(schema, Mapping):
        return []
    declared = schema.get("$schema")
    dialect = _dialect(options, schema)
    if declared is not None:
        found = declared_dialect(schema)
        if found is None:
            return [f'"schema": $schema {describe_value(declared)} is not a JSON Schema dialect apilint knows '
                    f"({', '.join(DIALECTS)})"]
        if options.get("dialect", "auto") != "auto" and found != dialect:
            return [f'"schema": $schema says {found} but "dialect" is {dialect}']
    # No format checker: the meta-schemas' "regex" format would judge patterns as Python's, not JavaScript's.
    quick = _meta_schema_check(dialect)
    invalid = None
    if quick is None or not quick.surely_valid(schema):
        from jsonschema.exceptions import best_match

        meta_class = _meta_classes()[dialect]
        invalid = best_match(meta_class(meta_class.META_SCHEMA).iter_errors(schema))
    if invalid is not None:
        location = pointer_from_tokens(list(invalid.absolute_path))
        return [f'"schema" is not a valid {dialect} schema'
                f"{f' at {location}' if location else ''}: {invalid.message}"]
    return [f'"schema": {problem}' for problem in _schema_problems(schema, dialect)]


SCHEMA = RuleFunction(
    name="schema",
    check=_schema,
    description="The value matches the JSON Schema `schema` (in `dialect`: auto, draft4, draft6, draft7, "
                "draft2019-09 or draft2020-12); reports the first problem, or all with `allErrors`.",
    options_schema=_options_schema(),
    validate_options=validate_schema_options,
)


# -- typedEnum

def _json_type(value: Any, integers: bool) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        whole = isinstance(value, int) or (math.isfinite(value) and float(value).is_integer())
        return "integer" if integers and whole else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _typed_enum(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, Mapping):
        return
    values, declared = value.get("enum"), value.get("type")
    if not isinstance(values, list):
        return
    if isinstance(declared, str):
        types = [declared]
    elif isinstance(declared, list) and all(isinstance(name, str) for name in declared):
        types = list(declared)
    else:
        return
    # nullable (OpenAPI 3.0) and x-nullable (Swagger 2) add null, but only in the version that defines them.
    if (value.get("nullable") is True and context.spec_format == "oas3_0") or \
            (value.get("x-nullable") is True and context.spec_format == "oas2"):
        types.append("null")
    integers = "integer" in types
    wanted = " or ".join(f'"{name}"' for name in types)
    for index, item in enumerate(values):
        if _json_type(item, integers) not in types:
            yield FunctionResult(f"does not have the declared type {wanted}", ("enum", index))


TYPED_ENUM = RuleFunction(
    name="typedEnum",
    check=_typed_enum,
    description="Every value in a schema object's `enum` has the schema's `type` (a type list, and `nullable` "
                "in OpenAPI 3.0 or `x-nullable` in Swagger 2.0, are taken into account).",
)

FUNCTIONS = (SCHEMA, TYPED_ENUM)

