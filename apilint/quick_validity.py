"""A fast first answer to "is this instance valid?", for validation whose report comes from jsonschema.

apilint's schema findings are built from jsonschema's errors (their paths, keywords and sub-errors
for ``oneOf``), and jsonschema is slow on large instances: checking GitHub's 13 MB description
against the OpenAPI 3.0 schema takes it about 8 s. jsonschema-rs answers the yes-or-no question
for the same schema in milliseconds, and most instances are valid. So a :class:`QuickCheck` asks
jsonschema-rs first; only when it does not say "valid" does jsonschema run, exactly as it would
have without the check. The findings are jsonschema's in every case; what the check has to get
right is never to call valid what jsonschema would not:

* the resources a schema refers to are registered as jsonschema reads them, under URIs of their
  own, and the draft is the one jsonschema applies;
* formats are checked by the same functions jsonschema's format checker uses, and formats that
  checker does not assert are not asserted; keywords a validator implements its own way can be
  replaced by custom keywords calling that implementation;
* jsonschema-rs is stricter than jsonschema in places (``1.0`` is not an integer in draft 4 for
  either, but it rejects infinities as numbers), which only costs a jsonschema run;
* an instance it cannot take (a key that is not a string, a value JSON has no type for), or a
  schema it cannot compile, is left to jsonschema;
* jsonschema-rs walks an instance recursively in native code, where a deep enough instance ends
  the process rather than raising; instances nested deeper than :data:`MAX_DEPTH` are left to
  jsonschema, which fails on them with a RecursionError its callers already handle;
* it never fetches a reference: every reference must be in the schema, among the meta-schemas, or
  found by the caller's lookup, or the check is not used.

``tests/unit/oas/test_quick_validation.py`` holds the two to the same answer over every document
and schema of apilint's tests and examples and over generated ones.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

__all__ = ["MAX_DEPTH", "QuickCheck", "Resources", "depth_over", "meta_schema", "nesting_depth"]

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


_DYNAMIC = ("$dynamicAnchor", "$dynamicRef", "$recursiveAnchor", "$recursiveRef")


def _objects_in(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in ``node``, each once however many places share it (without recursion)."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict | list) and id(node) not in seen:
            seen.add(id(node))
            if isinstance(node, dict):
                yield node
                stack.extend(node.values())
            else:
                stack.extend(node)


#: A lookup of the resources a schema refers to: the contents at a URI (without fragment), or None.
Resources = Callable[[str], Any]

# The meta-schemas as jsonschema reads them: the files of jsonschema-specifications, read without
# importing it (its import and the registry it builds take longer than a small document's lint).
_META_SCHEMA_FILES = {
    "http://json-schema.org/draft-03/schema": "draft3/metaschema.json",
    "http://json-schema.org/draft-04/schema": "draft4/metaschema.json",
    "http://json-schema.org/draft-06/schema": "draft6/metaschema.json",
    "http://json-schema.org/draft-07/schema": "draft7/metaschema.json",
    "https://json-schema.org/draft/2019-09/schema": "draft201909/metaschema.json",
    "https://json-schema.org/draft/2020-12/schema": "draft202012/metaschema.json",
}
_VOCABULARIES = {"https://json-schema.org/draft/2019-09/meta/": "draft201909/vocabularies/",
                 "https://json-schema.org/draft/2020-12/meta/": "draft202012/vocabularies/"}
# Resources under these have dynamic anchors: they are never copied, only registered as they are.
_DYNAMIC_META_SCHEMAS = ("https://json-schema.org/draft/2019-09/", "https://json-schema.org/draft/2020-12/")


def meta_schema(uri: str) -> Any:
    """A JSON Schema meta-schema (drafts 3 to 2020-12, vocabularies included), or None for any other URI."""
    uri = uri.rstrip("#")
    name = _META_SCHEMA_FILES.get(uri)
    for prefix, folder in _VOCABULARIES.items():
        if name is None and uri.startswith(prefix) and "/" not in uri[len(prefix):]:
            name = folder + uri[len(prefix):]
    spec = importlib.util.find_spec("jsonschema_specifications") if name is not None else None
    locations = spec.submodule_search_locations if spec is not None else None
    if name is None or not locations:
        return None
    try:
        return json.loads((Path(next(iter(locations))) / "schemas" / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _dynamic_meta_schemas(uris: set[str], resources: Resources) -> list[tuple[str, Any]] | None:
    """The meta-schemas at ``uris`` and every resource they refer to, under their own URIs."""
    found: dict[str, Any] = {}
    pending = sorted(uris)
    while pending:
        uri = pending.pop()
        if uri in found:
            continue
        contents = resources(uri)
        if contents is None:
            contents = meta_schema(uri)
        if contents is None:
            return None
        found[uri] = contents
        for node in _objects_in(contents):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.partition("#")[0]:
                pending.append(urljoin(uri, ref.partition("#")[0]))
    return sorted(found.items())


#: The keys :func:`_survey` looks at more closely: most objects of a schema have none of them.
_SURVEYED = frozenset(("$id", "id", "format", "$ref", *_DYNAMIC))


def _survey(schema: dict[str, Any], unsupported: frozenset[str] = frozenset()
            ) -> tuple[bool, bool, set[str], set[str]] | None:
    """In one pass over the objects of ``schema`` (each once): whether one other than the root sets a
    base (``$id``, draft 4's ``id``), whether one has a dynamic reference or anchor, the formats
    named, and the parts before ``#`` of the references that have one. None if an object has an
    ``unsupported`` key.
    """
    ids_below = dynamic = False
    formats: set[str] = set()
    heads: set[str] = set()
    surveyed = _SURVEYED | unsupported
    seen: set[int] = set()
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict | list) or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, list):
            stack.extend(node)
            continue
        stack.extend(node.values())
        keys = node.keys() & surveyed
        if not keys:
            continue
        if not unsupported.isdisjoint(keys):
            return None
        if node is not schema and (isinstance(node.get("$id"), str) or isinstance(node.get("id"), str)):
            ids_below = True
        if isinstance(value := node.get("format"), str):
            formats.add(value)
        if isinstance(ref := node.get("$ref"), str) and (head := ref.partition("#")[0]):
            heads.add(head)
        dynamic = dynamic or any(key in node for key in _DYNAMIC)
    return ids_below, dynamic, formats, heads


#: The URIs copies of other resources are registered under, so that no well-known URI names them.
_COPY_URI = "urn:apilint:copy:{}"


def _with_copies(schema: dict[str, Any], resources: Resources, unsupported: frozenset[str] = frozenset()
                 ) -> tuple[dict[str, Any], list[tuple[str, Any]], set[str]] | None:
    """``schema`` with its references into other resources pointed at copies of them, the copies, and
    the formats the schema and its copies name.

    jsonschema-rs resolves the well-known meta-schemas to copies of its own, which are not always
    those jsonschema reads (its draft 4 ``enum`` allows repeated values), and it takes a schema
    whose ``$id`` is a meta-schema's for that meta-schema. So each resource that uses no dynamic
    references is registered, as jsonschema has it and in its own draft, under a URI of its own,
    and a schema without dynamic references loses its ``$id`` once its references are absolute:
    both validators then read the same text. References into resources with dynamic anchors (the
    2019-09 and 2020-12 meta-schemas) are left to jsonschema-rs's copies, which the tests compare
    with jsonschema's. None when the schema has bases below its root, which this does not follow,
    or an object with one of the ``unsupported`` keys.
    """
    survey = _survey(schema, unsupported)
    if survey is None or survey[0]:
        return None  # references below another base would need resolving against it
    _, dynamic, formats, heads = survey
    root_id = schema.get("$id", schema.get("id"))
    base = root_id.partition("#")[0] if isinstance(root_id, str) else ""
    external: set[str] = set()
    for head in heads:
        uri = urljoin(base, head)
        if uri != base:
            external.add(uri)
    if not external and (dynamic or not base):
        return schema, [], formats
    copies: dict[str, str] = {}
    originals: dict[str, Any] = {}
    dynamic_resources: set[str] = set()
    for index, uri in enumerate(sorted(external)):
        if uri.startswith(_DYNAMIC_META_SCHEMAS):
            dynamic_resources.add(uri)
            continue
        contents = resources(uri)
        if contents is None:
            return None
        if not isinstance(contents, dict):
            continue
        copied = _survey(contents)
        assert copied is not None  # None only for an unsupported key, and none is named here
        bases_below, copy_dynamic, copy_formats, _ = copied
        if not copy_dynamic:
            if bases_below:
                return None
            copies[uri] = _COPY_URI.format(index) + "#"
            originals[uri] = contents
            formats |= copy_formats

    def rewritten(node: Any, home: str) -> Any:
        """``node`` of the resource at ``home`` with its references to other resources made absolute,
        and those to copied ones pointed at the copies."""
        if isinstance(node, list):
            return [rewritten(item, home) for item in node]
        if not isinstance(node, dict):
            return node
        result = {key: rewritten(value, home) for key, value in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            head, _, fragment = ref.partition("#")
            uri = urljoin(home, head) if head else home
            if uri in copies:
                result["$ref"] = copies[uri] + fragment
            elif uri != home:
                result["$ref"] = uri + ("#" + fragment if fragment else "")
        return result

    result: dict[str, Any] = rewritten(schema, base)
    registered = []
    for uri, contents in originals.items():
        copy = rewritten(contents, uri)
        copy.pop("$id", None)
        copy.pop("id", None)
        registered.append((copies[uri].rstrip("#"), copy))
    if registered and dynamic_resources:
        # With resources of its own, jsonschema-rs no longer reads its copies of the meta-schemas.
        metas = _dynamic_meta_schemas(dynamic_resources, resources)
        if metas is None:
            return None
        registered.extend(metas)
    if not dynamic:
        result.pop("$id", None)
        result.pop("id", None)
    return result, registered, formats


def _unasserted(value: Any) -> bool:
    return True


def depth_over(value: Any, limit: int) -> bool:
    """Whether containers in ``value`` are nested more than ``limit`` levels deep, or contain themselves."""
    return nesting_depth(value, limit) is None


def nesting_depth(value: Any, limit: int) -> int | None:
    """How many levels deep containers are nested in ``value`` (0 for a scalar); None beyond ``limit``,
    or when a container contains itself.

    Without recursion, and visiting a container shared by many places (YAML aliases) once: the
    height below each is remembered.
    """
    if not isinstance(value, dict | list):
        return 0
    heights: dict[int, int] = {}
    open_ids = {id(value)}
    stack: list[tuple[Any, Iterator[Any], int]] = [(value, _members(value), 1)]
    while stack:
        node, members, height = stack[-1]
        for child in members:
            if not isinstance(child, dict | list):
                continue
            if id(child) in open_ids or len(stack) >= limit:
                return None
            known = heights.get(id(child))
            if known is None:
                open_ids.add(id(child))
                stack.append((child, _members(child), 1))
                break
            if known + 1 > height:
                height = known + 1
                if len(stack) - 1 + height > limit:
                    return None
                stack[-1] = (node, members, height)
        else:
            stack.pop()
            open_ids.discard(id(node))
            heights[id(node)] = height
            if stack:
                parent, members, parent_height = stack[-1]
                if height + 1 > parent_height:
                    stack[-1] = (parent, members, height + 1)
                    if len(stack) + height > limit:
                        return None
    return heights[id(value)]


def _members(node: dict[str, Any] | list[Any]) -> Iterator[Any]:
    return iter(node.values()) if isinstance(node, dict) else iter(node)


def validator_class_for(draft: str) -> Any:
    """jsonschema-rs's validator class for a draft named as apilint names them (``draft4`` ...)."""
    import jsonschema_rs

    return {"draft4": jsonschema_rs.Draft4Validator, "draft6": jsonschema_rs.Draft6Validator,
            "draft7": jsonschema_rs.Draft7Validator, "draft2019-09": jsonschema_rs.Draft201909Validator,
            "draft2020-12": jsonschema_rs.Draft202012Validator}[draft]


class QuickCheck:
    """jsonschema-rs's verdict on instances of the schema a jsonschema validator checks them against."""

    __slots__ = ("_validator",)

    def __init__(self, validator: Any) -> None:
        self._validator = validator

    @classmethod
    def for_schema(cls, schema: Any, formats: Mapping[str, Callable[[Any], bool]],
                   resources: Resources = meta_schema, draft: str | None = None,
                   depth: int | None = None, keywords: Mapping[str, type] | None = None,
                   unsupported: frozenset[str] = frozenset()) -> QuickCheck | None:
        """The check for a jsonschema validator of ``schema``, or None where jsonschema-rs cannot serve it.

        ``formats`` are the checks of the validator's format checker, by format name; the formats
        it does not name are not asserted. ``resources`` finds what the schema refers to in other
        resources, as the validator's registry would. ``draft`` (``draft4`` ... ``draft2020-12``)
        is the draft the validator applies; by default, the one the schema's ``$schema`` names.
        ``depth``, when the caller has measured it with :func:`nesting_depth`, is how deeply the
        schema is nested. ``keywords`` replace jsonschema-rs's own implementation of keywords
        (jsonschema-rs's custom keyword classes), where the validator implements them its own way.
        A schema with an object that has one of the ``unsupported`` keys is left to jsonschema.
        """
        try:
            import jsonschema_rs
        except ImportError:  # no wheel for this platform: jsonschema alone is slower, not wrong
            return None
        if depth is None:
            depth = nesting_depth(schema, MAX_DEPTH)
        if depth is None or depth > MAX_DEPTH:  # too deep for jsonschema-rs, or containing itself
            return None
        copies: list[tuple[str, Any]] = []
        named: set[str] = set()
        if isinstance(schema, dict):
            prepared = _with_copies(schema, resources, unsupported)
            if prepared is None:
                return None
            schema, copies, named = prepared
        if not isinstance(schema, dict | bool):
            return None
        checks = {name: formats.get(name, _unasserted) for name in {*_RS_FORMATS, *named}}
        try:
            registry = jsonschema_rs.Registry(copies, retriever=_refuse_retrieval) if copies else None
            make = validator_class_for(draft) if draft is not None else jsonschema_rs.validator_for
            compiled = make(schema, validate_formats=True, formats=checks, retriever=_refuse_retrieval,
                            registry=registry, keywords=dict(keywords) if keywords else None)
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
