"""The objects of an OpenAPI document by kind (schemas, operations, servers ...), found where they are written.

Some rules need every object of a kind, wherever the specification allows it: every
Schema object, every Server object, every operation including those of webhooks and
callbacks. The walk starts at the root of the linted document, goes down the structure
the specification defines (path items, operations, parameters, responses, media types,
components ...) and through every ``$ref`` it meets there, so objects kept in other
files are found as soon as the document uses them. Every node is entered once, however
many places use it, which also ends the walk on reference cycles. Example and default
values are never entered: only the fields whose values are OpenAPI objects are.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from apilint.index import HTTP_METHODS, Node
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer, pointer_from_tokens, pointer_tokens

__all__ = ["COMPOSITION_KEYWORDS", "Kind", "composition_parent", "iter_objects", "iter_schemas"]

Kind = Literal["schema", "path-item", "operation", "parameter", "header", "request-body", "response",
               "media-type", "callback", "link"]

#: The keywords whose members a schema is made of.
COMPOSITION_KEYWORDS = ("allOf", "anyOf", "oneOf")

# Keywords whose value is one schema, a list of schemas, or a map of names to schemas.
_ONE_SCHEMA = ("additionalProperties", "additionalItems", "not", "if", "then", "else", "contains", "propertyNames",
               "unevaluatedItems", "unevaluatedProperties", "contentSchema", "items")
_SCHEMA_LISTS = (*COMPOSITION_KEYWORDS, "prefixItems", "items")
_SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas")

# What each section of components holds in OpenAPI 3.x.
_OAS3_COMPONENTS: tuple[tuple[str, Kind], ...] = (
    ("schemas", "schema"), ("parameters", "parameter"), ("headers", "header"), ("responses", "response"),
    ("requestBodies", "request-body"), ("callbacks", "callback"), ("pathItems", "path-item"),
    ("mediaTypes", "media-type"), ("links", "link"),
)
_OAS2_SECTIONS: tuple[tuple[str, Kind], ...] = (
    ("definitions", "schema"), ("parameters", "parameter"), ("responses", "response"), ("paths", "path-item"),
)


def iter_objects(ctx: RuleContext, kinds: frozenset[Kind]) -> Iterator[tuple[Kind, Node]]:
    """Yield every object of ``kinds`` the document declares or uses, once each, with where it is written.

    A ``$ref`` object is yielded only for schemas (a schema may carry keywords beside its
    reference); the target of a reference is yielded where it is written.
    """
    data = ctx.data
    if not isinstance(data, dict):
        return
    is_oas2 = ctx.spec_format == "oas2"
    root = Node(ctx.document, "", data)
    stack: list[tuple[Kind, Node]] = []
    if is_oas2:
        for section, kind in _OAS2_SECTIONS:
            stack += [(kind, node) for node in _members(root, section)]
    else:
        components = _child(root, "components")
        if components is not None:
            for section, kind in _OAS3_COMPONENTS:
                stack += [(kind, node) for node in _members(components, section)]
        stack += [("path-item", node) for node in _members(root, "paths")]
        stack += [("path-item", node) for node in _members(root, "webhooks")]
    stack.reverse()

    entered: set[tuple[Kind, str, str]] = set()
    while stack:
        kind, node = stack.pop()
        key = (kind, node.document.uri, node.pointer)
        if key in entered or not isinstance(node.value, dict):
            continue
        entered.add(key)
        ref = node.value.get("$ref")
        target = _target(ctx, node, ref) if isinstance(ref, str) else None
        if kind == "schema":
            children = list(_schema_children(node))
        elif ref is not None:
            # Outside schemas, a reference object stands for its target and nothing else.
            children = []
        else:
            children = list(_structure_children(kind, node, is_oas2))
        if kind in kinds and (kind == "schema" or ref is None):
            yield kind, node
        if target is not None:
            children.insert(0, (kind, target))
        stack.extend(reversed(children))


def iter_schemas(ctx: RuleContext) -> Iterator[Node]:
    """Every Schema object the document declares or uses, once each, where it is written."""
    return (node for _, node in iter_objects(ctx, frozenset({"schema"})))


def composition_parent(node: Node) -> Node | None:
    """The schema that ``node`` is a member of (through allOf, anyOf or oneOf), where both are written."""
    try:
        tokens = pointer_tokens(node.pointer)
    except ValueError:
        return None
    if len(tokens) < 2 or tokens[-2] not in COMPOSITION_KEYWORDS or not tokens[-1].isdigit():
        return None
    pointer = pointer_from_tokens(tokens[:-2])
    parent = node.document.node(pointer, None)
    members = parent.get(tokens[-2]) if isinstance(parent, dict) else None
    if not isinstance(members, list) or int(tokens[-1]) >= len(members):
        return None
    return Node(node.document, pointer, parent)


def _target(ctx: RuleContext, node: Node, ref: str) -> Node | None:
    target = ctx.resolve(node.document, ref)
    return None if target is None else Node(target.document, target.pointer, target.value)


def _child(node: Node, key: str) -> Node | None:
    value = node.value.get(key) if isinstance(node.value, dict) else None
    return Node(node.document, join_pointer(node.pointer, key), value) if value is not None else None


def _members(node: Node, key: str | None) -> Iterator[Node]:
    """The entries of the map or list at ``key``, or of ``node`` itself; extension entries left out."""
    if key is None:
        value, base = node.value, node.pointer
    else:
        value = node.value.get(key) if isinstance(node.value, dict) else None
        base = join_pointer(node.pointer, key)
    if isinstance(value, dict):
        for name, item in value.items():
            if not (isinstance(name, str) and name.startswith("x-")):
                yield Node(node.document, join_pointer(base, str(name)), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield Node(node.document, join_pointer(base, index), item)


def _schema_children(node: Node) -> Iterator[tuple[Kind, Node]]:
    value = node.value
    for keyword in _ONE_SCHEMA:
        if isinstance(value.get(keyword), dict):
            yield "schema", Node(node.document, join_pointer(node.pointer, keyword), value[keyword])
    for keyword in _SCHEMA_LISTS:
        if isinstance(value.get(keyword), list):
            yield from (("schema", member) for member in _members(node, keyword))
    for keyword in _SCHEMA_MAPS:
        members = value.get(keyword)
        if isinstance(members, dict):
            # Property names are data here: "x-" names are properties, not extensions.
            base = join_pointer(node.pointer, keyword)
            yield from (("schema", Node(node.document, join_pointer(base, str(name)), member))
                        for name, member in members.items())


def _structure_children(kind: Kind, node: Node, is_oas2: bool) -> Iterator[tuple[Kind, Node]]:
    if kind == "path-item":
        yield from (("parameter", member) for member in _members(node, "parameters"))
        for method in HTTP_METHODS:
            operation = _child(node, method)
            if operation is not None:
                yield "operation", operation
        yield from (("operation", member) for member in _members(node, "additionalOperations"))
    elif kind == "operation":
        yield from (("parameter", member) for member in _members(node, "parameters"))
        body = _child(node, "requestBody")
        if body is not None:
            yield "request-body", body
        yield from (("response", member) for member in _members(node, "responses"))
        yield from (("callback", member) for member in _members(node, "callbacks"))
    elif kind == "callback":
        yield from (("path-item", member) for member in _members(node, None))
    elif is_oas2:
        # Swagger 2.0 headers and non-body parameters describe values with their own
        # fields (type, items ...), which are not Schema objects.
        schema = _child(node, "schema") if kind in ("parameter", "response") else None
        if schema is not None:
            yield "schema", schema
    else:
        yield from _oas3_children(kind, node)


def _oas3_children(kind: Kind, node: Node) -> Iterator[tuple[Kind, Node]]:
    if kind in ("parameter", "header"):
        schema = _child(node, "schema")
        if schema is not None:
            yield "schema", schema
        yield from (("media-type", member) for member in _members(node, "content"))
    elif kind == "request-body":
        yield from (("media-type", member) for member in _members(node, "content"))
    elif kind == "response":
        yield from (("header", member) for member in _members(node, "headers"))
        yield from (("media-type", member) for member in _members(node, "content"))
        yield from (("link", member) for member in _members(node, "links"))
    elif kind == "media-type":
        for keyword in ("schema", "itemSchema"):
            schema = _child(node, keyword)
            if schema is not None:
                yield "schema", schema
        for encoding in _members(node, "encoding"):
            yield from (("header", member) for member in _members(encoding, "headers"))
