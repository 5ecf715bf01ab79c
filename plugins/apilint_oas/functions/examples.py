"""``oasExample``: examples and defaults checked against the schema they illustrate.

The ``oas2-``/``oas3-valid-media-example`` and ``-valid-schema-example`` rules hand this function a
media type, parameter, header, response or schema object. It validates the examples Spectral validates
there, against the schema prepared as Spectral prepares it, and reports what Spectral's validator (Ajv)
reports, where it reports it: on the offending node inside the example.

Which examples
  ``type: media`` in OpenAPI 3: ``example`` if it is there, otherwise ``value`` of every Example object
  in ``examples`` that has no ``externalValue``; in Swagger 2: every entry of the response's
  ``examples``, by media type. ``type: schema``: ``example`` and ``default``, and Swagger's
  ``x-example``.

The schema
  - ``$ref``s are followed, across files. Each schema met a second time (shared, or recursive) becomes a
    reference to one prepared copy kept under ``definitions``/``$defs``, so recursive schemas are
    finite and shared ones are prepared once. A reference that cannot be followed (in the schema, or in
    the example, whose references Spectral resolves too) leaves the example unchecked, as Ajv's
    missing-reference error does in Spectral; the reference rules report it.
  - ``nullable: true`` adds ``null`` to a declared ``type`` in every version (Ajv implements the
    keyword whatever the draft), and so does ``x-nullable: true`` in Swagger 2.
  - In request bodies ``readOnly`` properties, and in responses ``writeOnly`` ones, are not required
    (outside ``not``). Swagger's boolean ``required`` of a parameter is dropped. ``$id``, ``id`` and
    ``$schema`` are dropped, so that every reference is read against the prepared schema itself.
  - The dialect is JSON Schema draft 4 for Swagger 2 and OpenAPI 3.0, and for 3.1 and later the one
    ``jsonSchemaDialect`` names, draft 2020-12 by default. ``discriminator`` and other OpenAPI
    keywords assert nothing, as in Spectral.
  - A schema that is not valid in its dialect cannot check anything: its examples get one finding
    saying so, naming the first problem (as Spectral reports Ajv's refusal to compile it).

Formats are asserted as ajv-formats does, with the checker the ``schema`` function uses (date, time,
date-time, duration, email, hostname, ipv4, ipv6, uri, uri-reference, url, uuid, json-pointer,
relative-json-pointer, regex, byte, int32, int64); other formats pass.

Which problem
  Ajv stops at the first problem, checking keywords in its own order (the type first unless the
  keywords of that type decide it, then ``enum``/``const`` and the combinators, then the keywords of
  numbers, strings, arrays and objects: ``required`` before ``properties``). The validators here check
  keywords in the same order, so they find the same problem. When ``anyOf`` or ``oneOf`` fails, the
  first problem of each option is reported too, where it is, as Spectral does.

The engine hands over values with their references resolved, except those that lead back into a
schema being resolved (recursive schemas); those are followed here, through ``context.resolve``, and
a schema met again becomes a ``$ref`` to one prepared copy, so recursion stays finite.
"""

from __future__ import annotations

import functools
import json
import re
import weakref
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from apilint.functions import MAX_WALKED_NODES, FunctionContext, FunctionResult, RuleFunction, larger_than
from apilint.identity_cache import IdentityCache
from apilint.js_regex import JsRegexError
from apilint.pointer import pointer_from_tokens
from apilint.quick_validity import MAX_DEPTH, QuickCheck, nesting_depth
from apilint_functions.schema import (
    DIALECTS,
    SCHEMA_LISTS,
    SCHEMA_MAPS,
    SCHEMA_VALUES,
    declared_dialect,
    describe_error,
    format_checker,
    is_valid_regex,
    quick_check,
    validator_classes,
)
from apilint_functions.values import UNDEFINED, object_keys

# jsonschema is imported when an example or a schema fails its quick check (see quick_validity):
# its import alone takes longer than linting a small document.
if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

__all__ = ["FUNCTIONS", "OAS_EXAMPLE"]

Tokens = tuple[str | int, ...]

_MISSING = object()
_MAX_REF_HOPS = 64


class _Unresolvable(Exception):
    """A ``$ref`` that cannot be followed: what depends on it is left unchecked."""


# -- references

class _Sources:
    """The documents of one check, and the way from a ``$ref`` to the node it names."""

    def __init__(self, context: FunctionContext) -> None:
        self.root = context.document
        self._resolve = context.resolve

    def target(self, base: str, ref: str) -> tuple[str, Any]:
        """The document URI and the node that ``ref``, written in the document ``base``, leads to."""
        found = self._resolve(base, ref)
        if found is None:
            raise _Unresolvable
        return found

    def follow(self, base: str, value: Any) -> tuple[str, Any]:
        """Follow a chain of ``$ref`` objects from ``value`` (written in ``base``) to where it ends."""
        seen: set[int] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            if id(value) in seen or len(seen) >= _MAX_REF_HOPS:
                raise _Unresolvable
            seen.add(id(value))
            base, value = self.target(base, value["$ref"])
        return base, value

    def located(self, path: Tokens) -> tuple[str, Any]:
        """The node at ``path``, a route from the root through ``$ref``s, as written in the file it is
        in, with that file's URI; the root's URI and None where the route leads nowhere."""
        uri, node = self.root.uri, self.root.data
        try:
            for token in path:
                uri, node = self.follow(uri, node)
                if isinstance(node, dict) and str(token) in node:
                    node = node[str(token)]
                elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
                    node = node[token]
                else:
                    return self.root.uri, None
            return self.follow(uri, node)
        except _Unresolvable:
            return self.root.uri, None

    def materialize(self, value: Any, base: str) -> Any:
        """``value`` with the ``$ref`` objects inside it replaced by what they name (as Spectral sees it)."""
        if isinstance(value, list) and not any(isinstance(item, dict | list) for item in value):
            return value  # most are: a schema's required names, an enum of strings
        return self._materialize(value, base, set(), {})

    def _materialize(self, value: Any, base: str, active: set[int], done: dict[int, Any]) -> Any:
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            base, value = self.follow(base, value)
        if not isinstance(value, dict | list):
            return value
        if id(value) in done:
            # Met again through a YAML alias or a reference: materialized once, and shared as it was,
            # else aliases of aliases (an "alias bomb") would take exponential time here.
            return done[id(value)]
        if id(value) in active:
            raise _Unresolvable  # a value that contains itself cannot be an example
        active.add(id(value))
        try:
            result: Any
            if isinstance(value, dict):
                members = {key: self._materialize(member, base, active, done) for key, member in value.items()}
                changed = any(members[key] is not member for key, member in value.items())
                result = members if changed else value
            else:
                items = [self._materialize(item, base, active, done) for item in value]
                result = items if any(new is not old for new, old in zip(items, value, strict=True)) else value
        finally:
            active.discard(id(value))
        done[id(value)] = result
        return result


# -- which examples

@dataclass(frozen=True, slots=True)
class _Example:
    """An example to check: where it is (from the selected node), its value, and the file it is written in."""

    path: Tokens
    value: Any
    uri: str


def _members(container: Any) -> Iterator[tuple[str | int, Any]]:
    if isinstance(container, dict):
        for key in object_keys(container):
            yield key, container[key]
    elif isinstance(container, list):
        yield from enumerate(container)


def _media_examples(node: dict[str, Any], version: int, uri: str, sources: _Sources) -> Iterator[_Example]:
    if version == 3 and "example" in node:
        # With both, Spectral checks only `example` (having both is oas3-schema's finding).
        yield _Example(("example",), node["example"], uri)
        return
    try:
        uri, examples = sources.follow(uri, node.get("examples"))
    except _Unresolvable:
        return
    if version == 2:
        for key, value in _members(examples):
            yield _Example(("examples", key), value, uri)
        return
    for key, entry in _members(examples):
        try:
            entry_uri, entry = sources.follow(uri, entry)
        except _Unresolvable:
            continue
        if not isinstance(entry, dict | list) or (isinstance(entry, dict) and "externalValue" in entry):
            continue
        value = entry.get("value", UNDEFINED) if isinstance(entry, dict) else UNDEFINED
        yield _Example(("examples", key, "value"), value, entry_uri)


def _schema_examples(node: dict[str, Any], version: int, uri: str) -> Iterator[_Example]:
    fields = ("example", "x-example", "default") if version == 2 else ("example", "default")
    for name in fields:
        if name in node:
            yield _Example((name,), node[name], uri)


# Where a media type's examples are requests or responses, as route prefixes ("*" is any step).
_REQUESTS = {2: (), 3: (("components", "requestBodies"), ("paths", "*", "*", "requestBody"))}
_RESPONSES = {2: (("responses",), ("paths", "*", "*", "responses")),
              3: (("components", "responses"), ("paths", "*", "*", "responses"))}


def _under(path: Tokens, prefixes: Iterable[tuple[str, ...]]) -> bool:
    return any(len(path) >= len(prefix)
               and all(step in ("*", str(token)) for step, token in zip(prefix, path[:len(prefix)], strict=True))
               for prefix in prefixes)


# -- preparing the schema

@dataclass(frozen=True, slots=True)
class _Mode:
    """How a schema is prepared; part of the key its validator is cached under."""

    dialect: str
    x_nullable: bool
    optional_read_only: bool
    optional_write_only: bool
    drop_boolean_required: bool


# Keywords whose values are data the validator reads (not subschemas, not annotations).
_DATA_KEYWORDS = frozenset(("type", "enum", "const", "required", "dependentRequired", "format", "pattern",
                            "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
                            "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties",
                            "maxProperties", "minContains", "maxContains"))
_IDENTIFIERS = frozenset(("$id", "id", "$schema"))


class _Preparation:
    """One schema, prepared for validation: references followed, OpenAPI's keywords turned into JSON Schema's."""

    def __init__(self, sources: _Sources, mode: _Mode) -> None:
        self.sources = sources
        self.mode = mode
        self.defs = "$defs" if mode.dialect in ("draft2019-09", "draft2020-12") else "definitions"
        self._started: set[tuple[int, bool]] = set()
        self._prepared: dict[tuple[int, bool], Any] = {}
        self._names: dict[tuple[int, bool], str] = {}
        self._taken: set[str] = set()
        self._root: tuple[int, bool] | None = None

    def run(self, schema: Any, uri: str) -> Any:
        uri, schema = self.sources.follow(uri, schema)
        if isinstance(schema, dict):
            self._root = (id(schema), False)
            existing = schema.get(self.defs)
            self._taken = {str(name) for name in existing} if isinstance(existing, dict) else set()
        prepared = self._schema(schema, uri, under_not=False)
        if not isinstance(prepared, dict):
            return prepared
        if self.mode.drop_boolean_required and isinstance(prepared.get("required"), bool):
            del prepared["required"]
        if self._names:
            existing = prepared.get(self.defs)
            defs = dict(existing) if isinstance(existing, dict) else {}
            for key, name in self._names.items():
                defs[name] = self._prepared[key]
            prepared[self.defs] = defs
        return prepared

    @property
    def generated(self) -> frozenset[str]:
        """The names of the prepared schemas this preparation added to the definitions."""
        return frozenset(self._names.values())

    def _name(self, key: tuple[int, bool]) -> str:
        name = self._names.get(key)
        if name is None:
            number = len(self._names) + 1
            while f"apilint-{number}" in self._taken:
                number += 1
            name = self._names[key] = f"apilint-{number}"
            self._taken.add(name)
        return name

    def _schema(self, node: Any, uri: str, under_not: bool) -> Any:
        uri, node = self.sources.follow(uri, node)
        if not isinstance(node, dict):
            return node  # booleans are schemas in later drafts; anything else fails the meta-schema
        key = (id(node), under_not)
        if key in self._started:
            # Met again (shared, or an ancestor of itself): point at the one prepared copy.
            return {"$ref": "#" if key == self._root else f"#/{self.defs}/{self._name(key)}"}
        self._started.add(key)
        prepared = self._build(node, uri, under_not)
        self._prepared[key] = prepared
        return prepared

    def _container(self, value: Any, uri: str) -> tuple[str, Any]:
        return self.sources.follow(uri, value)

    def _build(self, node: dict[str, Any], uri: str, under_not: bool) -> dict[str, Any]:
        prepared: dict[str, Any] = {}
        for keyword, member in node.items():
            if keyword in _IDENTIFIERS:
                continue
            if keyword in SCHEMA_MAPS or keyword == "dependencies":
                home, members = self._container(member, uri)
                if isinstance(members, dict):
                    prepared[keyword] = {
                        name: sub if keyword == "dependencies" and isinstance(sub, list)
                        else self._schema(sub, home, under_not)
                        for name, sub in members.items()
                    }
                    continue
            elif keyword in SCHEMA_LISTS:
                home, members = self._container(member, uri)
                if isinstance(members, list):
                    prepared[keyword] = [self._schema(sub, home, under_not) for sub in members]
                    continue
            elif keyword in SCHEMA_VALUES:
                inner = under_not or keyword == "not"
                home, member = self._container(member, uri)
                if isinstance(member, list):
                    prepared[keyword] = [self._schema(sub, home, inner) for sub in member]
                else:
                    prepared[keyword] = self._schema(member, home, inner)
                continue
            elif keyword in _DATA_KEYWORDS:
                if not isinstance(member, dict | list):
                    prepared[keyword] = member  # most are: a type, a format, a bound
                    continue
                prepared[keyword] = self.sources.materialize(member, uri)
                # Checking the schema (uniqueItems of an enum) and validating with it compare such
                # data whole, at every place a YAML alias repeats a part of it: an alias bomb there
                # would take hours.
                if larger_than(prepared[keyword]):
                    raise _TooLarge
                continue
            prepared[keyword] = member
        self._add_null(prepared)
        if not under_not:
            self._relax_required(node, prepared, uri)
        return prepared

    def _add_null(self, prepared: dict[str, Any]) -> None:
        nullable = prepared.get("nullable") is True or (self.mode.x_nullable and prepared.get("x-nullable") is True)
        declared = prepared.get("type")
        if not nullable:
            return
        if isinstance(declared, str) and declared != "null":
            prepared["type"] = [declared, "null"]
        elif isinstance(declared, list) and "null" not in declared:
            prepared["type"] = [*declared, "null"]

    def _relax_required(self, node: dict[str, Any], prepared: dict[str, Any], uri: str) -> None:
        mode = self.mode
        required = prepared.get("required")
        if not (mode.optional_read_only or mode.optional_write_only) or not isinstance(required, list):
            return
        home, properties = self._container(node.get("properties"), uri)
        if not isinstance(properties, dict):
            return
        optional: set[str] = set()
        for name, sub in properties.items():
            _, sub = self.sources.follow(home, sub)
            if isinstance(sub, dict) and ((mode.optional_read_only and sub.get("readOnly") is True)
                                          or (mode.optional_write_only and sub.get("writeOnly") is True)):
                optional.add(name)
        kept = [name for name in required if name not in optional]
        if len(kept) == len(required):
            return
        if kept:
            prepared["required"] = kept
        else:
            del prepared["required"]


# -- validators that check keywords in Ajv's order

_FIRST = ("$ref", "$dynamicRef", "$recursiveRef", "const", "enum", "not", "anyOf", "oneOf", "allOf", "if")
_BY_TYPE = (
    ("number", ("maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf")),
    ("string", ("maxLength", "minLength", "pattern", "format")),
    ("array", ("maxItems", "minItems", "uniqueItems", "additionalItems", "prefixItems", "items", "contains")),
    ("object", ("maxProperties", "minProperties", "required", "propertyNames", "additionalProperties",
                "dependencies", "properties", "patternProperties", "dependentRequired", "dependentSchemas")),
)
_LAST = ("unevaluatedProperties", "unevaluatedItems")
_TYPE_KEYWORDS = {name: frozenset(keywords) | ({"format"} if name == "number" else set())
                  for name, keywords in _BY_TYPE}


#: Keyword orders by schema: jsonschema asks for a schema's keywords at every value it checks
#: against that schema.
_ORDERS: IdentityCache[list[tuple[str, Any]]] = IdentityCache(65536)


def _ajv_order(schema: Any) -> list[tuple[str, Any]]:
    """The keywords of ``schema`` in the order Ajv evaluates them."""
    return _ORDERS.get(schema, None, lambda: _keywords_in_ajv_order(schema))


def _keywords_in_ajv_order(schema: Any) -> list[tuple[str, Any]]:
    if not isinstance(schema, Mapping):
        return []
    declared = schema.get("type")
    types = [declared] if isinstance(declared, str) else declared if isinstance(declared, list) else []
    # A single type whose own keywords are present is checked just before them; any other type first.
    deferred = types[0] if len(types) == 1 and types[0] in _TYPE_KEYWORDS \
        and any(keyword in schema for keyword in _TYPE_KEYWORDS[types[0]]) else None
    order = ["type"] if "type" in schema and deferred is None else []
    order.extend(keyword for keyword in _FIRST if keyword in schema)
    for name, keywords in _BY_TYPE:
        if name == deferred:
            order.append("type")
        order.extend(keyword for keyword in keywords if keyword in schema)
    order.extend(keyword for keyword in _LAST if keyword in schema)
    placed = set(order)
    order.extend(keyword for keyword in schema if keyword not in placed)
    return [(keyword, schema[keyword]) for keyword in order]


def _ordered_class(base: Any) -> Any:
    from jsonschema import validators

    return validators.create(meta_schema=base.META_SCHEMA, validators=dict(base.VALIDATORS),
                             type_checker=base.TYPE_CHECKER, format_checker=base.FORMAT_CHECKER,
                             id_of=base.ID_OF, applicable_validators=_ajv_order)


@functools.cache
def _ordered_classes() -> dict[str, Any]:
    return {dialect: _ordered_class(base) for dialect, base in validator_classes().items()}


def _is_regex(value: Any) -> bool:
    # Ajv checks a schema's patterns when it compiles it, as JavaScript regular expressions.
    return not isinstance(value, str) or is_valid_regex(value)


@functools.cache
def meta_validators() -> dict[str, Any]:
    """jsonschema's validators of example schemas against their meta-schema, by dialect."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("regex")(_is_regex)
    return {dialect: base(base.META_SCHEMA, format_checker=checker) for dialect, base in validator_classes().items()}


_DIALECT_NAMES = {"draft4": "JSON Schema draft 4", "draft6": "JSON Schema draft 6", "draft7": "JSON Schema draft 7",
                  "draft2019-09": "JSON Schema 2019-09", "draft2020-12": "JSON Schema 2020-12"}
# Spectral checks draft 6 schemas with its draft 7 validator, against the draft 7 meta-schema.
_META_SCHEMAS = {**DIALECTS, "draft6": DIALECTS["draft7"]}


@functools.cache
def meta_check(dialect: str) -> QuickCheck | None:
    """The quick check of schemas against the meta-schema of ``dialect``: most schemas pass, and
    jsonschema takes longer to say so than compiling and using an example's schema."""
    meta = _META_SCHEMAS[dialect]
    return QuickCheck.for_schema({"$schema": meta, "$ref": meta}, {"regex": _is_regex})


class _TooLarge(Exception):
    """Data in a schema (an enum, a const) too large to compare once its YAML aliases are expanded."""


@dataclass(slots=True)
class _Compiled:
    """A prepared schema and its validators, or why the schema cannot check anything."""

    prepared: Any
    dialect: str
    problem: str | None = None
    #: jsonschema-rs's check, for examples that pass (most of them).
    quick: QuickCheck | None = None
    _validator: Any = field(default=None, repr=False)

    @property
    def validator(self) -> Any:
        """jsonschema's validator, made for the first example that does not pass the quick check."""
        if self._validator is None:
            self._validator = _ordered_classes()[self.dialect](self.prepared, format_checker=format_checker())
        return self._validator


def _compile(schema: Any, uri: str, sources: _Sources, mode: _Mode) -> _Compiled | None:
    """None when a reference in the schema cannot be followed."""
    preparation = _Preparation(sources, mode)
    try:
        prepared = preparation.run(schema, uri)
    except (_Unresolvable, RecursionError):
        return None
    except _TooLarge:
        return _Compiled(None, mode.dialect, f"the schema holds an enum or a const of more than {MAX_WALKED_NODES:,} "
                                             "values once its YAML aliases are expanded")
    depth = nesting_depth(prepared, MAX_DEPTH)
    quick = meta_check(mode.dialect)
    invalid = None
    if quick is None or depth is None or not quick.surely_valid(prepared, depth=depth):
        import referencing.exceptions
        from jsonschema.exceptions import best_match

        try:
            invalid = best_match(meta_validators()[mode.dialect].iter_errors(prepared))
        except (referencing.exceptions.Unresolvable, RecursionError):
            return None
    if invalid is not None:
        path = list(invalid.absolute_path)
        if len(path) >= 2 and path[0] == preparation.defs and path[1] in preparation.generated:
            path = path[2:]  # inside a schema met more than once: the place within that schema
        location = pointer_from_tokens(path)
        detail = f"`{location}` {describe_error(invalid)}" if location else describe_error(invalid)
        return _Compiled(None, mode.dialect, f"the schema is not valid {_DIALECT_NAMES[mode.dialect]} ({detail})")
    return _Compiled(prepared, mode.dialect, quick=quick_check(prepared, mode.dialect, depth) if depth is not None
                     else None)


class _CompiledSchemas:
    """The schemas of one root document compiled so far, by node and by what they say.

    By node: the rules reach the same schema from every media type that refers to it. By what
    they say: the media types of a large description repeat the same few schemas written out
    again (an array of some component), and compiling one with all it refers to costs far more
    than writing it out. GitHub's description has 11,000 media types with 2,300 different schemas.
    What a schema says is known from its text as written, references and all, which is short, and
    otherwise from its text with the references resolved, which may be long.
    """

    __slots__ = ("by_content", "by_node", "by_written", "large")

    def __init__(self) -> None:
        # The node is kept with what was compiled from it, so that its id is not taken by another.
        self.by_node: dict[tuple[int, str, _Mode], tuple[Any, _Compiled | None]] = {}
        self.by_content: dict[tuple[str, str, _Mode], _Compiled | None] = {}
        self.by_written: dict[tuple[str, str, _Mode], _Compiled | None] = {}
        #: By text as written, what was compiled from schemas that are large once resolved.
        self.large: dict[tuple[str, str, _Mode], _Compiled | None] = {}


# Held weakly by the document, so that a run over many documents keeps none that is done with.
_COMPILED: weakref.WeakKeyDictionary[Any, _CompiledSchemas] = weakref.WeakKeyDictionary()
# What is compiled stays alive while a map holds it: enough for GitHub's description, and a
# bounded amount of memory for larger documents.
_MAX_BY_CONTENT = 4096
_MAX_BY_NODE = 8192
# A large schema compiles to a lot: a few are kept, for the arrays of a large component that
# responses write out again (ten times one of 8,000 values in GitHub's description).
_MAX_LARGE = 64


def _kept(cache: dict[Any, Any], key: Any, value: Any, most: int) -> None:
    cache[key] = value
    if len(cache) > most:
        del cache[next(iter(cache))]


def _compiled(schema: Any, uri: str, sources: _Sources, mode: _Mode, written: Any = None) -> _Compiled | None:
    """What ``schema``, written in the file ``uri`` names, compiles to; None if it cannot be compiled.

    ``written``, when known, is the schema as that file writes it, which ``schema`` is with its
    references resolved.
    """
    home, given = uri, schema
    try:
        uri, schema = sources.follow(uri, schema)
    except _Unresolvable:
        return None
    if not isinstance(schema, dict | bool):
        return None
    known = _COMPILED.get(sources.root)
    if known is None:
        known = _COMPILED[sources.root] = _CompiledSchemas()
    node_key = (id(schema), uri, mode)
    entry = known.by_node.get(node_key)
    if entry is not None and entry[0] is schema:
        return entry[1]
    # The same text written in the same file, for the same root document, is the same schema: its
    # references lead to the same places.
    written_key = written_node = None
    if isinstance(written, dict) and isinstance(given, dict) and _leads_to(sources, home, written, given):
        # Many places reach the same node as written, through a reference to a response or a media type.
        written_node = (id(written), home, mode)
        entry = known.by_node.get(written_node)
        if entry is not None and entry[0] is written:
            return entry[1]
        text = _written_out(written)
        if text is not None:
            written_key = (text, home, mode)
            if written_key in known.by_written:
                compiled = known.by_written[written_key]
                _kept(known.by_node, written_node, (written, compiled), _MAX_BY_NODE)
                return compiled
            if written_key in known.large:
                return known.large[written_key]  # not kept by node too: only _MAX_LARGE of them are kept
    text = _written_out(schema)
    if text is None:
        # Large schemas are seldom written the same way twice, and what is compiled from them is large.
        compiled = _compile(schema, uri, sources, mode)
        if written_key is not None:
            _kept(known.large, written_key, compiled, _MAX_LARGE)
        return compiled
    content_key = (text, uri, mode)
    if content_key in known.by_content:
        compiled = known.by_content[content_key]
    else:
        compiled = _compile(schema, uri, sources, mode)
        _kept(known.by_content, content_key, compiled, _MAX_BY_CONTENT)
    if written_key is not None:
        _kept(known.by_written, written_key, compiled, _MAX_BY_CONTENT)
    if written_node is not None:
        _kept(known.by_node, written_node, (written, compiled), _MAX_BY_NODE)
    _kept(known.by_node, node_key, (schema, compiled), _MAX_BY_NODE)
    return compiled


def _leads_to(sources: _Sources, uri: str, written: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether ``written`` is, as far as can be told cheaply, what ``schema`` was resolved from."""
    try:
        _, target = sources.follow(uri, written)
    except _Unresolvable:
        return False
    return target is schema or (isinstance(target, dict) and target.keys() == schema.keys())


#: Schemas holding more values than this are not written out, and not known by their text.
_MAX_WRITTEN_NODES = 2000


def _written_out(schema: Any) -> str | None:
    """``schema`` as JSON text, or None if it is large or cannot be written.

    A schema's values may be shared (YAML aliases, resolved references), and written out each
    shared value is repeated: counting first keeps a small schema that shares a lot, or one that
    contains itself, from taking exponential time here.
    """
    if not _small_with_string_keys(schema):
        return None
    try:
        return json.dumps(schema, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def _small_with_string_keys(schema: Any) -> bool:
    """Whether ``schema`` holds at most :data:`_MAX_WRITTEN_NODES` values (a shared one counted at every
    place) and every mapping in it has only string keys: json.dumps would write 1 and "1" alike."""
    count = 0
    pending = [schema]
    while pending:
        value = pending.pop()
        count += 1
        if count > _MAX_WRITTEN_NODES:
            return False
        if isinstance(value, dict):
            for key in value:
                if key.__class__ is not str and not isinstance(key, str):
                    return False
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True


# -- from validation errors to findings

_COMBINATORS = ("anyOf", "oneOf")


def _problems(error: ValidationError, note: str = "") -> list[tuple[Tokens, str, str]]:
    """``(path in the example, message, keyword)`` for Ajv's first error, with the options of a failed combinator."""
    path = tuple(error.absolute_path)
    keyword = str(error.validator)
    if keyword in _COMBINATORS and error.context:
        found: list[tuple[Tokens, str, str]] = []
        options = error.validator_value if isinstance(error.validator_value, list) else []
        for index in range(len(options)):
            first = next((inner for inner in error.context
                          if inner.relative_schema_path and inner.relative_schema_path[0] == index), None)
            if first is not None:
                found.extend(_problems(first, f' (option {index + 1} of "{keyword}")'))
        wanted = "at least one schema" if keyword == "anyOf" else "exactly one schema"
        found.append((path, f'must match {wanted} in "{keyword}", but matches none{note}', keyword))
        return found
    return [(path, describe_error(error) + note, keyword)]


_SEGMENT = re.compile(r"/[\w$-]+(?:/\d+)?", re.ASCII)


def _segments(path: Tokens) -> tuple[str, ...]:
    # Spectral groups its errors in a tree whose steps are these segments of the error's pointer.
    # A pointer without such segments (a name with other characters) is its own node here; Spectral
    # loses its error instead.
    pointer = pointer_from_tokens(path)
    return ("",) if not pointer else tuple(_SEGMENT.findall(pointer)) or (pointer,)


def _spectral_selection(problems: list[tuple[Tokens, str, str]]) -> list[tuple[Tokens, str, str]]:
    """The problems Spectral keeps: a failed ``anyOf`` gives way to the problems below it, and a wrong
    enum value gives way to problems beside it."""
    nodes = [_segments(path) for path, _, _ in problems]
    dropped: set[tuple[str, ...]] = set()
    for node in set(nodes):
        own = [keyword for other, (_, _, keyword) in zip(nodes, problems, strict=True) if other == node]
        deeper = any(len(other) > len(node) and other[:len(node)] == node for other in nodes)
        if "anyOf" in own and deeper:
            dropped.add(node)
        if all(keyword == "enum" for keyword in own) and any(
                len(other) >= len(node) and other[:len(node) - 1] == node[:-1] and other[len(node) - 1] != node[-1]
                for other in nodes):
            dropped.update(other for other in nodes if other[:len(node)] == node)
    return [problem for node, problem in zip(nodes, problems, strict=True) if node not in dropped]


_PLAIN_NAME = re.compile(r"[A-Za-z_$][\w$-]*", re.ASCII)


def _subject(path: Tokens) -> str:
    """A path inside the selected node as one would write it in code: ``examples.dog.value.tags[0]``."""
    text = ""
    for token in path:
        if isinstance(token, int):
            text += f"[{token}]"
        elif not text:
            text = token
        elif _PLAIN_NAME.fullmatch(token):
            text += f".{token}"
        else:
            text += f"[{json.dumps(token, ensure_ascii=False)}]"
    return f"`{text}`"


def _findings(example: _Example, compiled: _Compiled, sources: _Sources) -> Iterator[FunctionResult]:
    if example.value is UNDEFINED:
        yield FunctionResult(f"{_subject(example.path[:-1])} has no `value` to check against the schema",
                             example.path, sentence=True)
        return
    if compiled.problem is not None:
        yield FunctionResult(f"{_subject(example.path)} cannot be checked: {compiled.problem}", example.path,
                             sentence=True)
        return
    try:
        instance = sources.materialize(example.value, example.uri)
        if larger_than(instance):
            # Validation walks the value at every place a YAML alias or a reference repeats a part
            # of it: an alias bomb would keep it busy for hours.
            yield FunctionResult(f"{_subject(example.path)} cannot be checked: it holds more than "
                                 f"{MAX_WALKED_NODES:,} values once its YAML aliases and references are expanded",
                                 example.path, sentence=True)
            return
        if compiled.quick is not None and compiled.quick.surely_valid(instance):
            return
        import referencing.exceptions
        from jsonschema.exceptions import UnknownType

        try:
            first = next(iter(compiled.validator.iter_errors(instance)), None)
        except (referencing.exceptions.Unresolvable, UnknownType):
            return
        problems = _spectral_selection(_problems(first)) if first is not None else []
    except (JsRegexError, re.error) as error:
        yield FunctionResult(f"{_subject(example.path)} cannot be checked: the schema has a pattern that cannot "
                             f"be used ({error})", example.path, sentence=True)
        return
    except (_Unresolvable, RecursionError, TypeError, ValueError):
        return
    messages: dict[Tokens, list[str]] = {}
    # At each place, a failed combinator is said before the problems of its options.
    for path, message, _ in sorted(problems, key=lambda problem: problem[2] not in _COMBINATORS):
        said = messages.setdefault(path, [])
        if message not in said:
            said.append(message)
    for path, said in messages.items():
        where = example.path + path
        yield FunctionResult(f"{_subject(where)} {'; '.join(said)}", where, sentence=True)


# -- the function

def _dialect(spec_format: str, data: Any) -> str:
    if spec_format in ("oas2", "oas3_0"):
        return "draft4"
    declared = data.get("jsonSchemaDialect") if isinstance(data, dict) else None
    found = declared_dialect({"$schema": declared}) if isinstance(declared, str) else None
    return found or "draft2020-12"


def _oas_example(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    spec_format = context.spec_format or context.document.spec_format
    if not isinstance(value, dict) or spec_format is None:
        return
    version = 2 if options.get("oasVersion") == 2 else 3
    media = options.get("type") == "media"
    schema_field = str(options.get("schemaField", "$"))
    schema = value if schema_field == "$" else value.get(schema_field, UNDEFINED)
    if schema is UNDEFINED:
        return
    sources = _Sources(context)
    uri, written = sources.located(context.path)
    if schema_field != "$":
        written = written.get(schema_field) if isinstance(written, dict) else None
    examples = list(_media_examples(value, version, uri, sources) if media else _schema_examples(value, version, uri))
    if not examples:
        return
    mode = _Mode(
        dialect=_dialect(spec_format, context.document.data),
        x_nullable=spec_format == "oas2",
        optional_read_only=media and _under(context.path, _REQUESTS[version]),
        optional_write_only=media and _under(context.path, _RESPONSES[version]),
        drop_boolean_required=spec_format == "oas2",
    )
    compiled = _compiled(schema, uri, sources, mode, written)
    if compiled is None:
        return
    for example in examples:
        yield from _findings(example, compiled, sources)


OAS_EXAMPLE = RuleFunction(
    name="oasExample",
    check=_oas_example,
    description="Examples (`type: media`: a media type's, parameter's or header's `example` and `examples`, or a "
                "Swagger response's `examples`; `type: schema`: `example`, `default` and Swagger's `x-example`) "
                "match the schema in `schemaField` (`$`: the object itself), prepared for OpenAPI `oasVersion`.",
    options_schema={
        "type": "object",
        "properties": {
            "schemaField": {"type": "string", "description": "The field holding the schema; `$` for the object "
                                                             "itself."},
            "oasVersion": {"enum": [2, 3], "description": "The OpenAPI major version the rule is written for."},
            "type": {"enum": ["media", "schema"], "description": "Which examples to check."},
        },
        "required": ["schemaField", "oasVersion", "type"],
        "additionalProperties": False,
    },
)

FUNCTIONS = (OAS_EXAMPLE,)
