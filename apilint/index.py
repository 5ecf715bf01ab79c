"""What rules ask for again and again, found once per document.

The index is built on first use by a rule and shared by every rule of the run on that
document. It follows ``$ref``s (path items, parameters, responses) so rules see the
nodes they mean, each with the document and pointer where it is written.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from apilint.document import Document
from apilint.pointer import join_pointer
from apilint.workspace import Workspace

__all__ = ["HTTP_METHODS", "DocumentIndex", "Node", "Operation"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


@dataclass(frozen=True, slots=True)
class Node:
    """A value and where it is written: a violation on ``pointer`` in ``document`` lands there."""

    document: Document
    pointer: str
    value: Any


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: ``method`` on ``path``, with its path item and the parameters that apply."""

    path: str
    method: str
    node: Node
    path_item: Node
    parameters: tuple[Node, ...]


@dataclass(slots=True)
class DocumentIndex:
    """Operations, parameters, responses, schemas, tags, servers and security schemes."""

    path_items: list[tuple[str, Node]] = field(default_factory=list)
    operations: list[Operation] = field(default_factory=list)
    responses: list[Node] = field(default_factory=list)
    schemas: dict[str, Node] = field(default_factory=dict)
    tags: list[Node] = field(default_factory=list)
    servers: list[Node] = field(default_factory=list)
    security_schemes: dict[str, Node] = field(default_factory=dict)

    @property
    def parameters(self) -> Iterator[Node]:
        """Every parameter object that applies to some operation, once each."""
        seen: set[tuple[str, str]] = set()
        for operation in self.operations:
            for parameter in operation.parameters:
                key = (parameter.document.uri, parameter.pointer)
                if key not in seen:
                    seen.add(key)
                    yield parameter

    @classmethod
    def build(cls, document: Document, workspace: Workspace) -> DocumentIndex:
        index = cls()
        data = document.data
        if not isinstance(data, dict):
            return index

        def follow(node: Node) -> Node:
            return Node(*workspace.follow(node.document, node.pointer, node.value))

        def children(node: Node, key: str) -> list[Node]:
            value = node.value.get(key) if isinstance(node.value, dict) else None
            base = join_pointer(node.pointer, key)
            if isinstance(value, list):
                return [follow(Node(node.document, join_pointer(base, i), item)) for i, item in enumerate(value)]
            if isinstance(value, dict):
                return [follow(Node(node.document, join_pointer(base, name), item)) for name, item in value.items()]
            return []

        root = Node(document, "", data)
        paths = data.get("paths")
        if isinstance(paths, dict):
            for path, raw_item in paths.items():
                item = follow(Node(document, join_pointer("/paths", path), raw_item))
                if not isinstance(item.value, dict):
                    continue
                index.path_items.append((path, item))
                shared = children(item, "parameters")
                for method in HTTP_METHODS:
                    if isinstance(item.value.get(method), dict):
                        operation = Node(item.document, join_pointer(item.pointer, method), item.value[method])
                        own = children(operation, "parameters")
                        index.operations.append(
                            Operation(path, method, operation, item, tuple(_merge_parameters(shared, own))))
                        responses = operation.value.get("responses")
                        if isinstance(responses, dict):
                            index.responses.extend(children(operation, "responses"))

        is_oas2 = "swagger" in data
        components = Node(document, "/components", data.get("components")) if not is_oas2 else root
        schema_key, scheme_key = ("definitions", "securityDefinitions") if is_oas2 else ("schemas", "securitySchemes")
        for node in _named(components, schema_key):
            index.schemas[node.pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")] = node
        for node in _named(components, scheme_key):
            name = node.pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
            index.security_schemes[name] = follow(node)
        index.tags = children(root, "tags")
        index.servers = children(root, "servers")
        return index


def _named(parent: Node, key: str) -> Iterator[Node]:
    container = parent.value.get(key) if isinstance(parent.value, dict) else None
    if isinstance(container, dict):
        base = join_pointer(parent.pointer, key)
        for name, value in container.items():
            yield Node(parent.document, join_pointer(base, name), value)


def _merge_parameters(shared: list[Node], own: list[Node]) -> list[Node]:
    # An operation's parameter overrides a path-level one with the same name and location.
    def identity(node: Node) -> tuple[str, str] | None:
        value = node.value
        if isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("in"), str):
            return value["name"], value["in"]
        return None  # not a parameter anyone could override

    overridden = {identity(node) for node in own} - {None}
    return [node for node in shared if identity(node) not in overridden] + own
