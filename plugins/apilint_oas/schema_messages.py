"""Plain sentences for what the official OpenAPI schemas reject.

jsonschema describes a failure in schema terms: a ``oneOf`` that matched nothing, the
repr of a whole object, the regex of a pattern. People fixing a document want to know
which field is wrong and what was expected there, so this module turns each error into
one or more :class:`SchemaIssue` objects: the path of the most specific node concerned
and a sentence about it.

``oneOf`` and ``anyOf`` get special care because the OpenAPI schemas use them for
"Reference or object", for the parameter kinds and for the security scheme types. When
no alternative matches, the alternative the author most plausibly meant is chosen (a
``$ref`` means the Reference one; a ``type: oauth2`` rules out every scheme whose ``type``
is fixed to something else) and only its errors are reported.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Only named in annotations, so that importing the rules does not import jsonschema.
    from jsonschema.exceptions import ValidationError

__all__ = ["SchemaIssue", "explain"]

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """One problem to report: ``path`` leads from the validated root to the node concerned.

    ``keyword`` is the schema keyword that failed, for callers that weigh issues against
    each other (a wrong type makes an enum error on the same value redundant).
    """

    path: JsonPath
    message: str
    keyword: str


@dataclass(frozen=True, slots=True)
class _Leaf:
    """One reason for rejection, before it is put in words.

    ``choices`` holds the allowed values gathered from several alternatives that each fix a
    member to other values; ``alternatives`` the property names of alternatives that each
    require one property.
    """

    path: JsonPath
    keyword: str
    error: ValidationError
    choices: tuple[Any, ...] = ()
    alternatives: tuple[str, ...] = ()


def explain(error: ValidationError, naming: Callable[[JsonPath], JsonPath] | None = None,
            instance: Any = None) -> list[SchemaIssue]:
    """The issues one top-level validation error stands for, in plain words.

    Sentences name nodes after their path ("in info", "parameters[1]"). ``naming`` maps a
    path in the validated data to the path the node has where it is written, when the
    two differ (content inlined from another file), so that a node gets the same words
    whichever place uses it. ``instance`` is the validated data; with it, a member that a
    ``false`` subschema rejects is reported on itself rather than on its parent.
    """
    issues: list[SchemaIssue] = []
    for leaf in _leaves(error):
        if leaf.keyword == "false" and instance is not None:
            leaf = _on_rejected_member(leaf, instance)
        issues.extend(_describe(leaf, naming(leaf.path) if naming is not None else leaf.path))
    return issues


def _on_rejected_member(leaf: _Leaf, instance: Any) -> _Leaf:
    # jsonschema gives a member rejected by ``properties: {name: false}`` the path of the
    # object that holds it, so the member is found again by the identity of its value.
    schema_path = leaf.error.relative_schema_path
    if not schema_path or schema_path[-1] != "properties":
        return leaf
    parent = instance
    for step in leaf.path:
        found = (isinstance(parent, dict) and isinstance(step, str) and step in parent) or (
            isinstance(parent, list) and isinstance(step, int) and 0 <= step < len(parent))
        if not found:
            return leaf
        parent = parent[step]
    if not isinstance(parent, dict):
        return leaf
    names = [name for name, value in parent.items() if value is leaf.error.instance]
    return replace(leaf, path=(*leaf.path, names[0])) if len(names) == 1 else leaf


# -- choosing what to report


_DISCRIMINATING = frozenset({"enum", "const", "pattern"})


def _leaves(error: ValidationError) -> list[_Leaf]:
    keyword = _keyword(error)
    if keyword in ("oneOf", "anyOf") and error.context:
        return _pick_alternative(error, keyword)
    return [_Leaf(tuple(error.absolute_path), keyword, error)]


def _keyword(error: ValidationError) -> str:
    # jsonschema leaves ``validator`` unset when the subschema is ``false``.
    return "false" if error.validator is None else str(error.validator)


def _pick_alternative(error: ValidationError, keyword: str) -> list[_Leaf]:
    base: JsonPath = tuple(error.absolute_path)
    instance = error.instance
    grouped: dict[int, list[_Leaf]] = {}
    for sub in error.context:
        schema_path = sub.relative_schema_path
        branch = schema_path[0] if schema_path and isinstance(schema_path[0], int) else 0
        grouped.setdefault(branch, []).extend(_leaves(sub))
    branches = [grouped[index] for index in sorted(grouped)]

    has_ref = isinstance(instance, dict) and "$ref" in instance
    if has_ref:
        # A Reference object has everything it needs once "$ref" is there; the other
        # alternatives fail because "$ref" is foreign to them or their fields are missing.
        branches = _drop(branches, lambda leaves: any(
            (leaf.keyword == "required" and leaf.path == base) or "$ref" in _unknown_names(leaf)
            for leaf in leaves))
    else:
        branches = _drop(branches, lambda leaves: any(
            leaf.keyword == "required" and leaf.path == base and _missing_property(leaf.error) == "$ref"
            for leaf in leaves))
    if len(branches) > 1 and all(len(leaves) == 1 and leaves[0].keyword == "required"
                                 and leaves[0].path == base for leaves in branches):
        names = tuple(_missing_property(leaves[0].error) for leaves in branches)
        return [_Leaf(base, f"required-{keyword}", error, alternatives=names)]
    branches = _drop(branches, lambda leaves: any(_rejects_kind(leaf, base) for leaf in leaves))
    branches = _drop(branches, lambda leaves: any(_discriminates(leaf, base) for leaf in leaves))

    merged = _merge_choices(branches, base)
    if merged is not None:
        return [merged]
    return min(branches, key=len)


def _drop(branches: list[list[_Leaf]], unlikely: Callable[[list[_Leaf]], bool]) -> list[list[_Leaf]]:
    """The branches that are not ``unlikely``; all of them if every one is."""
    kept = [leaves for leaves in branches if not unlikely(leaves)]
    return kept or branches


def _rejects_kind(leaf: _Leaf, base: JsonPath) -> bool:
    """True if ``leaf`` says the alternative wants another kind of value (object, array ...) at ``base``."""
    if leaf.path != base:
        return False
    if leaf.keyword == "type":
        return True
    if leaf.keyword in ("enum", "const") and isinstance(leaf.error.instance, dict | list):
        allowed = _allowed_values(leaf)
        return not any(isinstance(value, dict | list) for value in allowed)
    return False


def _discriminates(leaf: _Leaf, base: JsonPath) -> bool:
    """True if ``leaf`` says a member directly under ``base`` has a value fixed elsewhere."""
    return (leaf.keyword in _DISCRIMINATING and len(leaf.path) == len(base) + 1
            and leaf.path[: len(base)] == base and not isinstance(leaf.error.instance, dict | list))


def _merge_choices(branches: list[list[_Leaf]], base: JsonPath) -> _Leaf | None:
    """One "must be one of" leaf when every alternative fixes the same member differently."""
    if len(branches) < 2:
        return None
    firsts: list[_Leaf] = []
    for leaves in branches:
        fixed = [leaf for leaf in leaves if leaf.keyword in ("enum", "const") and _discriminates(leaf, base)]
        if not fixed:
            return None
        firsts.append(fixed[0])
    if len({leaf.path for leaf in firsts}) != 1:
        return None
    choices: list[Any] = []
    for leaf in firsts:
        for value in _allowed_values(leaf):
            if not any(value == seen and type(value) is type(seen) for seen in choices):
                choices.append(value)
    return _Leaf(firsts[0].path, "enum", firsts[0].error, choices=tuple(choices))


def _allowed_values(leaf: _Leaf) -> Sequence[Any]:
    if leaf.choices:
        return leaf.choices
    if leaf.keyword == "const":
        return [leaf.error.validator_value]
    value = leaf.error.validator_value
    return list(value) if isinstance(value, list) else [value]


# -- putting issues in words


def _describe(leaf: _Leaf, named_as: JsonPath) -> list[SchemaIssue]:
    error = leaf.error
    path = leaf.path
    keyword = leaf.keyword
    subject = _subject(named_as)
    where = _where(named_as)

    if "propertyNames" in error.relative_schema_path:
        return [_bad_name(leaf, where)]
    if keyword == "required":
        return [SchemaIssue(path, f'property "{_missing_property(error)}" is required {where}', keyword)]
    if keyword in ("required-oneOf", "required-anyOf"):
        names = _or_list(leaf.alternatives)
        lead = "one of" if keyword == "required-oneOf" else "at least one of"
        return [SchemaIssue(path, f"{lead} {names} is required {where}", "required")]
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        return _unknown_properties(leaf, where)
    message = _sentence(leaf, subject, where) + _condition(error)
    forbidden = _forbidden_member(leaf)
    return [SchemaIssue(path if forbidden is None else (*path, forbidden), message, keyword)]


def _sentence(leaf: _Leaf, subject: str, where: str) -> str:
    error = leaf.error
    keyword = leaf.keyword
    value = error.validator_value
    instance = error.instance
    if keyword == "type":
        expected = " or ".join(_with_article(name) for name in _as_list(value))
        return f"{subject} must be {expected}, not {_with_article(_json_type(instance))}"
    if keyword == "enum":
        choices = _allowed_values(leaf)
        if len(choices) == 1:
            return f"{subject} must be {_show(choices[0])}{_got(instance)}"
        return f"{subject} must be one of: {', '.join(_show(choice) for choice in choices)}{_got(instance)}"
    if keyword == "const":
        return f"{subject} must be {_show(value)}{_got(instance)}"
    if keyword == "pattern":
        return f"{subject} {_pattern_rule(str(value))}{_got(instance)}"
    if keyword == "format":
        return f"{subject} must be {_FORMATS.get(str(value), f'in the {value} format')}{_got(instance)}"
    if keyword in _COUNTS:
        noun, bound = _COUNTS[keyword]
        return f"{subject} must have {bound} {_count(value, noun)}"
    if keyword == "uniqueItems":
        return f"{subject} must not contain the same item twice"
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"):
        return f"{subject} {_bound_rule(keyword, value, error.schema)}{_got(instance)}"
    if keyword == "not":
        return _forbidden(leaf, subject, where)
    if keyword == "false":
        return f"{subject} is not allowed here"
    if keyword == "oneOf":
        return _too_many_matches(error, subject, where)
    if keyword in ("dependentRequired", "dependencies"):
        return f"{subject} is missing properties that other properties {where} depend on"
    if keyword == "contains":
        return f"{subject} has no item of the kind it must contain"
    return f'{subject} does not satisfy the "{keyword}" constraint of the OpenAPI schema'


_COUNTS = {
    "minItems": ("item", "at least"),
    "maxItems": ("item", "at most"),
    "minProperties": ("property", "at least"),
    "maxProperties": ("property", "at most"),
    "minLength": ("character", "at least"),
    "maxLength": ("character", "at most"),
}

_FORMATS = {
    "uri": "an absolute URI (with a scheme such as https:)",
    "uri-reference": "a URI reference",
    "email": "an email address",
    "regex": "a regular expression",
}


def _bound_rule(keyword: str, value: Any, schema: Any) -> str:
    # Draft 4 (the 2.0 and 3.0 schemas) writes exclusive bounds as a boolean beside the bound.
    strict = isinstance(schema, dict) and schema.get(
        "exclusiveMinimum" if keyword == "minimum" else "exclusiveMaximum") is True
    if keyword == "minimum":
        return f"must be greater than {value}" if strict else f"must be at least {value}"
    if keyword == "maximum":
        return f"must be less than {value}" if strict else f"must be at most {value}"
    if keyword == "exclusiveMinimum":
        return f"must be greater than {value}"
    if keyword == "exclusiveMaximum":
        return f"must be less than {value}"
    return f"must be a multiple of {value}"


def _forbidden(leaf: _Leaf, subject: str, where: str) -> str:
    forbidden = leaf.error.validator_value
    if isinstance(forbidden, dict):
        names = forbidden.get("required")
        if isinstance(names, list) and set(forbidden) <= {"required", "description"}:
            if len(names) == 1:
                return f'"{names[0]}" is not allowed {where}'
            return f"{_and_list(names)} cannot be used together {where}"
        patterns = forbidden.get("patternProperties")
        if forbidden.get("additionalProperties") is False and isinstance(patterns, dict) \
                and set(patterns) == {"^x-"}:
            return f"{subject} must hold more than extensions"
    return f"{subject} has a form the OpenAPI schema does not allow here"


def _forbidden_member(leaf: _Leaf) -> str | None:
    """The one member a ``not: {required: [name]}`` rejects, when it is written."""
    forbidden = leaf.error.validator_value
    if leaf.keyword != "not" or not isinstance(forbidden, dict) or not isinstance(leaf.error.instance, dict):
        return None
    names = forbidden.get("required")
    if isinstance(names, list) and len(names) == 1 and names[0] in leaf.error.instance:
        return str(names[0])
    return None


def _too_many_matches(error: ValidationError, subject: str, where: str) -> str:
    names: list[str] = []
    for alternative in _as_list(error.validator_value):
        required = alternative.get("required") if isinstance(alternative, dict) else None
        if not isinstance(required, list) or len(required) != 1:
            names = []
            break
        names.append(str(required[0]))
    if len(names) > 1:
        # Worded as the ``not: {required: [...]}`` beside such a oneOf words it, so the two
        # errors the schemas raise for the same mistake become one finding.
        return f"{_and_list(names)} cannot be used together {where}"
    return f"{subject} matches more than one of the forms allowed here; it must match exactly one"


def _condition(error: ValidationError) -> str:
    """`` when "x" is present`` for errors that only apply because another property is set."""
    schema_path = list(error.relative_schema_path)
    for index, token in enumerate(schema_path[:-1]):
        if token == "dependentSchemas":
            return f' when "{schema_path[index + 1]}" is present'
    return ""


def _unknown_properties(leaf: _Leaf, where: str) -> list[SchemaIssue]:
    error = leaf.error
    schema = error.schema if isinstance(error.schema, dict) else {}
    named = schema.get("properties")
    rules = _name_rules(schema)
    detail = ""
    if (isinstance(named, dict) and named) or not rules:
        detail = f" (unknown property {where})"
    if rules and (not detail or rules != [_EXTENSIONS]):
        # The other names here follow a rule (paths, status codes ...): say it.
        detail += "; " + ", and ".join(rules)
    return [SchemaIssue((*leaf.path, name), f'"{name}" is not allowed here{detail}', leaf.keyword)
            for name in _unknown_names(leaf)]


def _unknown_names(leaf: _Leaf) -> list[str]:
    """The members that ``additionalProperties: false`` or ``unevaluatedProperties: false`` reject."""
    error = leaf.error
    instance = error.instance
    if leaf.keyword not in ("additionalProperties", "unevaluatedProperties") or not isinstance(instance, dict):
        return []
    if error.validator_value is not False:
        return []
    schema = error.schema if isinstance(error.schema, dict) else {}
    if leaf.keyword == "additionalProperties":
        named = schema.get("properties") or {}
        patterns = schema.get("patternProperties") or {}
        return [name for name in instance
                if name not in named and not any(re.search(pattern, name) for pattern in patterns)]
    # Which members count as evaluated depends on every subschema applied to the object,
    # so take the names from the error itself, where jsonschema lists them as reprs.
    listed = _parenthesized_names(str(error.message))
    return [name for name in instance if name in listed] or [
        name for name in instance if name not in (schema.get("properties") or {})]


def _parenthesized_names(message: str) -> set[str]:
    start = message.find("(")
    end = max(message.rfind(" was "), message.rfind(" were "))
    if start < 0 or end <= start:
        return set()
    try:
        names = ast.literal_eval(f"[{message[start + 1 : end]}]")
    except (SyntaxError, ValueError):
        return set()
    return {name for name in names if isinstance(name, str)}


def _bad_name(leaf: _Leaf, where: str) -> SchemaIssue:
    """A member name rejected by ``propertyNames``: report it on the member itself."""
    error = leaf.error
    name = str(error.instance)
    if leaf.keyword == "pattern":
        rule = _pattern_rule(str(error.validator_value), of_names=True)
    elif leaf.keyword == "format" and error.validator_value == "media-range":
        rule = 'names must be media types or ranges such as "application/json" or "text/*"'
    else:
        rule = "the OpenAPI schema does not allow this name"
    return SchemaIssue((*leaf.path, name), f'name "{name}" is not allowed {where}: {rule}', "propertyNames")


# Patterns of the OpenAPI schemas worth saying in words; others are quoted as they are.
_EXTENSIONS = 'extensions must start with "x-"'
_NAME_PATTERNS = {
    "^x-": _EXTENSIONS,
    "^/": 'paths must start with "/"',
    r"^\/": 'paths must start with "/"',
    r"^[a-zA-Z0-9\.\-_]+$": 'names may only use letters, digits, ".", "-" and "_"',
    r"^[a-zA-Z0-9._-]+$": 'names may only use letters, digits, ".", "-" and "_"',
    r"^[1-5](?:\d{2}|XX)$": 'response codes must be HTTP status codes such as "200" or ranges such as "4XX"',
    r"^[1-5](?:[0-9]{2}|XX)$": 'response codes must be HTTP status codes such as "200" or ranges such as "4XX"',
    r"^([0-9]{3})$|^(default)$": 'response codes must be three-digit HTTP status codes or "default"',
}
_VALUE_PATTERNS = {
    r"^3\.0\.\d(-.+)?$": 'must be a 3.0.x version such as "3.0.3"',
    r"^3\.1\.\d+(-.+)?$": 'must be a 3.1.x version such as "3.1.0"',
    r"^3\.2\.\d+(-.+)?$": 'must be a 3.2.x version such as "3.2.0"',
    r"^[^{}/ :\\]+(?::\d+)?$": "must be a host name or address with an optional port, without scheme or path",
    "^/": 'must start with "/"',
    "^[Bb][Ee][Aa][Rr][Ee][Rr]$": 'must be "bearer"',
    "^[^#]*$": 'must not contain a fragment ("#")',
    "^[^{}]+$": 'must not contain "{" or "}"',
}
# A pattern that only lists names, like ``^(get|put|post)$``, is a list of fields.
_NAME_LIST = re.compile(r"^\^\((?:\?:)?[A-Za-z|]+\)\$$")


def _pattern_rule(pattern: str, *, of_names: bool = False) -> str:
    known = (_NAME_PATTERNS if of_names else _VALUE_PATTERNS).get(pattern)
    if known is not None:
        return known
    return f"{'names must' if of_names else 'must'} match the regular expression {pattern}"


def _name_rules(schema: dict[str, Any]) -> list[str]:
    """What the names of an object's members must look like, from its ``patternProperties``."""
    rules: list[str] = []
    patterns = schema.get("patternProperties")
    for pattern in patterns if isinstance(patterns, dict) else ():
        if _NAME_LIST.match(str(pattern)):
            continue
        rule = _pattern_rule(str(pattern), of_names=True)
        if rule not in rules:
            rules.append(rule)
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.endswith("specification-extensions") and _EXTENSIONS not in rules:
        rules.append(_EXTENSIONS)
    # The extension rule reads best last.
    rules.sort(key=lambda rule: rule == _EXTENSIONS)
    return rules


# -- naming nodes


# Maps whose keys are names the author chose, and what one member is called.
_NAMED_MEMBERS = {
    "paths": "path",
    "webhooks": "webhook",
    "responses": "response",
    "definitions": "schema",
    "schemas": "schema",
    "properties": "property",
    "parameters": "parameter",
    "headers": "header",
    "securityDefinitions": "security scheme",
    "securitySchemes": "security scheme",
    "examples": "example",
    "links": "link",
    "callbacks": "callback",
    "requestBodies": "request body",
    "pathItems": "path item",
    "mediaTypes": "media type",
    "content": "media type",
    "encoding": "encoding",
    "variables": "server variable",
    "scopes": "scope",
}
_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace", "query"})
_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$-]*$")


def _name(path: JsonPath, *, quote: bool) -> str:
    if not path:
        return "the document"
    indexes = ""
    end = len(path)
    while end and isinstance(path[end - 1], int):
        indexes = f"[{path[end - 1]}]{indexes}"
        end -= 1
    if end == 0:
        return f"item{indexes}"
    key = str(path[end - 1])
    parent = path[end - 2] if end >= 2 else None
    if not indexes:
        if end >= 3 and path[end - 3] in ("paths", "webhooks") and key in _METHODS:
            return f'operation {key.upper()} "{parent}"'
        if isinstance(parent, str) and parent in _NAMED_MEMBERS:
            return f'{_NAMED_MEMBERS[parent]} "{key}"'
    if indexes or (not quote and _PLAIN_KEY.match(key)):
        return f"{key}{indexes}"
    return f'"{key}"'


def _subject(path: JsonPath) -> str:
    return _name(path, quote=True)


def _where(path: JsonPath) -> str:
    return f"in {_name(path, quote=False)}" if path else "at the top level"


# -- small wording helpers


def _missing_property(error: ValidationError) -> str:
    message = str(error.message)
    suffix = " is a required property"
    if message.endswith(suffix):
        try:
            name = ast.literal_eval(message[: -len(suffix)])
        except (SyntaxError, ValueError):
            name = None
        if isinstance(name, str):
            return name
    instance = error.instance if isinstance(error.instance, dict) else {}
    missing = [name for name in _as_list(error.validator_value) if name not in instance]
    return str(missing[0]) if missing else "?"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _with_article(type_name: str) -> str:
    if type_name == "null":
        return "null"
    return f"an {type_name}" if type_name[:1] in "aeiou" else f"a {type_name}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + '..."'


def _got(instance: Any) -> str:
    if isinstance(instance, dict | list):
        return ""
    return f" (got {_show(instance)})"


def _count(value: Any, noun: str) -> str:
    if value == 1:
        return f"1 {noun}"
    plural = "properties" if noun == "property" else f"{noun}s"
    return f"{value} {plural}"


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _quoted(names: Iterable[Any]) -> list[str]:
    return [f'"{name}"' for name in names]


def _or_list(names: Iterable[Any]) -> str:
    quoted = _quoted(names)
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _and_list(names: Iterable[Any]) -> str:
    quoted = _quoted(names)
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
