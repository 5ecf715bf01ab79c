"""A fast first answer to "is this instance valid?", for validation whose report comes from jsonschema.

apilint's schema findings are built from jsonschema's errors (their paths, keywords and sub-errors
for ``oneOf``), and jsonschema is slow on large instances: checking GitHub's 13 MB description
against the OpenAPI 3.0 schema takes it about 8 s. jsonschema-rs answers the yes-or-no question
for the same schema in milliseconds, and most instances are valid. So a :class:`QuickCheck` asks
jsonschema-rs first; only when it does not say "valid" does jsonschema run, exactly as it would
have without the check. The findings are jsonschema's in every case; what the check has to get
right is never to call valid what jsonschema would not:

* formats are checked by the same functions jsonschema's format checker uses, and formats that
  checker does not assert are not asserted;
* jsonschema-rs is stricter than jsonschema in places (``1.0`` is not an integer in draft 4 for
  either, but it rejects infinities as numbers), which only costs a jsonschema run;
* an instance it cannot take (a key that is not a string, a value JSON has no type for), or a
  schema it cannot compile, is left to jsonschema;
* jsonschema-rs walks an instance recursively in native code, where a deep enough instance ends
  the process rather than raising; instances nested deeper than :data:`MAX_DEPTH` are left to
  jsonschema, which fails on them with a RecursionError its callers already handle;
* it never fetches a reference: every reference must be in the schema or among the meta-schemas
  jsonschema-rs carries, or the check is not used.

``tests/unit/oas/test_quick_validation.py`` holds the two to the same answer over every document
and schema of apilint's tests and examples and over generated ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urljoin

__all__ = ["MAX_DEPTH", "QuickCheck", "depth_over"]

#: Containers nested deeper than this are never handed to jsonschema-rs (it handled 10,000 levels
#: and crashed at 30,000 on a main thread's 8 MB stack; worker threads can have far less).
MAX_DEPTH = 1_000

# The formats jsonschema-rs asserts by default. Each is given jsonschema's own check, or none, so
# that the two assert the same formats in the same way.
_RS_FORMATS = (
    "date", "date-time", "duration", "email", "hostname", "idn-email", "idn-hostname", "ipv4", "ipv6", "iri",
    "iri-reference", "json-pointer", "regex", "relative-json-pointer", "time", "unknown", "uri", "uri-reference",
    "uri-template", "uuid",
)


def _refuse_retrieval(uri: str) -> Any:
    raise ValueError(f"{uri} is not fetched")


def _format_names(schema: Any) -> set[str]:
    names: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            value = node.get("format")
            if isinstance(value, str):
                names.add(value)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return names


_DYNAMIC = ("$dynamicAnchor", "$dynamicRef", "$recursiveAnchor", "$recursiveRef")


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _contents(uri: str, resources: Any) -> Any:
    """The resource at ``uri`` as jsonschema finds it: in ``resources``, else among its meta-schemas."""
    import referencing.exceptions
    from jsonschema_specifications import REGISTRY as META_SCHEMAS

    for registry in (resources, META_SCHEMAS):
        if registry is None:
            continue
        try:
            return registry.contents(uri)
        except referencing.exceptions.NoSuchResource:
            continue
    return None


def _ids_below(node: dict[str, Any]) -> bool:
    return any(isinstance(inner.get(key), str) for inner in _walk(node) if inner is not node for key in ("$id", "id"))


def _with_copies(schema: dict[str, Any], resources: Any) -> dict[str, Any] | None:
    """``schema`` with its references into other resources pointed at copies of them inside it.

    jsonschema-rs resolves the well-known meta-schemas to copies of its own, which are not always
    those jsonschema reads (its draft 4 ``enum`` allows repeated values), and it takes a schema
    whose ``$id`` is a meta-schema's for that meta-schema. So a resource that uses no dynamic
    references is copied under ``definitions`` as jsonschema has it, and a schema without dynamic
    references loses its ``$id`` once its references are made internal or absolute: both
    validators then read the same text. References into resources with dynamic anchors (the
    2019-09 and 2020-12 meta-schemas) are left to jsonschema-rs's copies, which the tests compare
    with jsonschema's. None when the schema has bases below its root, which this does not follow.
    """
    if _ids_below(schema):
        return None
    root_id = schema.get("$id", schema.get("id"))
    base = root_id.partition("#")[0] if isinstance(root_id, str) else ""
    dynamic = any(key in node for node in _walk(schema) for key in _DYNAMIC)
    external: set[str] = set()
    for node in _walk(schema):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.partition("#")[0]:
            uri = urljoin(base, ref.partition("#")[0])
            if uri != base:
                external.add(uri)
    if not external and (dynamic or not base):
        return schema
    copies: dict[str, str] = {}
    definitions: dict[str, Any] = {}
    for index, uri in enumerate(sorted(external)):
        contents = _contents(uri, resources)
        if contents is None:
            return None
        if isinstance(contents, dict) and not any(key in node for node in _walk(contents) for key in _DYNAMIC):
            if _ids_below(contents):
                return None
            name = f"apilint-copy-{index}"
            copies[uri] = f"#/definitions/{name}"
            definitions[name] = contents

    def rewritten(node: Any, home: str, local: str | None) -> Any:
        """``node`` of the resource at ``home`` with its references made internal (``local`` for its own)
        or absolute."""
        if isinstance(node, list):
            return [rewritten(item, home, local) for item in node]
        if not isinstance(node, dict):
            return node
        result = {key: rewritten(value, home, local) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            head, _, fragment = ref.partition("#")
            uri = urljoin(home, head) if head else home
            if uri == home and local is not None:
                result["$ref"] = local + fragment
            elif uri in copies:
                result["$ref"] = copies[uri] + fragment
            elif uri != home:
                result["$ref"] = uri + ("#" + fragment if fragment else "")
        return result

    result: dict[str, Any] = rewritten(schema, base, None)
    stored = dict(result.get("definitions") or {}) if copies else None
    for uri, reference in copies.items():
        copy = rewritten(definitions[reference.rsplit("/", 1)[1]], uri, reference)
        for key in ("$schema", "$id", "id"):
            copy.pop(key, None)
        assert stored is not None
        stored[reference.rsplit("/", 1)[1]] = copy
    if stored is not None:
        result["definitions"] = stored
    if not dynamic:
        result.pop("$id", None)
        result.pop("id", None)
    return result


def _format_check(checker: Any, name: str) -> Callable[[str], bool]:
    if checker is None or name not in checker.checkers:
        return lambda value: True
    return lambda value: bool(checker.conforms(value, name))


def depth_over(value: Any, limit: int) -> bool:
    """Whether containers in ``value`` are nested more than ``limit`` levels deep (without recursion)."""
    stack: list[tuple[Iterator[Any], int]] = []
    if isinstance(value, dict | list):
        stack.append((iter(value.values() if isinstance(value, dict) else value), 1))
    while stack:
        children, depth = stack[-1]
        for child in children:
            if isinstance(child, dict | list):
                if depth + 1 > limit:
                    return True
                stack.append((iter(child.values() if isinstance(child, dict) else child), depth + 1))
                break
        else:
            stack.pop()
    return False


class QuickCheck:
    """jsonschema-rs's verdict on instances of one jsonschema validator's schema."""

    __slots__ = ("_validator",)

    def __init__(self, validator: Any) -> None:
        self._validator = validator

    @classmethod
    def for_validator(cls, validator: Any, resources: Any = None) -> QuickCheck | None:
        """The check for ``validator`` (a jsonschema validator), or None where jsonschema-rs cannot serve it.

        ``resources`` is the ``referencing`` registry the validator reads other resources from,
        besides the meta-schemas jsonschema carries.
        """
        try:
            import jsonschema_rs
        except ImportError:  # no wheel for this platform: jsonschema alone is slower, not wrong
            return None
        schema = validator.schema
        if isinstance(schema, dict):
            schema = _with_copies(schema, resources)
        if not isinstance(schema, dict | bool):
            return None
        checker = getattr(validator, "format_checker", None)
        names = set(_RS_FORMATS) | _format_names(schema)
        formats = {name: _format_check(checker, name) for name in names}
        try:
            compiled = jsonschema_rs.validator_for(schema, validate_formats=True, formats=formats,
                                                   retriever=_refuse_retrieval)
        except Exception:  # noqa: BLE001 - whatever stops the optional check leaves the answer to jsonschema
            return None
        return cls(compiled)

    def surely_valid(self, instance: Any, *, depth: int | None = None) -> bool:
        """True only if ``instance`` is valid; False also when jsonschema-rs cannot tell.

        ``depth``, when the caller knows it, is how deeply containers are nested in ``instance``;
        otherwise it is measured.
        """
        too_deep = depth > MAX_DEPTH if depth is not None else depth_over(instance, MAX_DEPTH)
        if too_deep:
            return False
        try:
            return bool(self._validator.is_valid(instance))
        except Exception:  # noqa: BLE001 - an instance it cannot take is for jsonschema to judge
            return False
