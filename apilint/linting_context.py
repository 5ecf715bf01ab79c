"""What a rule's check receives."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from apilint.document import Document
from apilint.findings import Violation
from apilint.index import DocumentIndex, Node
from apilint.rules import Rule
from apilint.workspace import RefError, RefTarget, Workspace

__all__ = ["RuleContext"]


class RuleContext:
    """The document being linted, as a rule sees it.

    Rules read ``data`` and the pre-built ``index`` and yield :class:`Violation` objects
    on JSON pointers; they never read files or print. ``resolve`` and ``follow`` give
    access to what ``$ref``s point to, with the file the target is written in.
    """

    def __init__(self, document: Document, workspace: Workspace, rule: Rule,
                 index_cache: dict[str, DocumentIndex]) -> None:
        self.document = document
        self.workspace = workspace
        self.rule = rule
        self._index_cache = index_cache

    @property
    def data(self) -> Any:
        return self.document.data

    @property
    def options(self) -> Mapping[str, Any]:
        """The rule's options: its defaults, with what the user's configuration sets."""
        return self.rule.options

    @property
    def spec_format(self) -> str | None:
        """``oas2``, ``oas3_0``, ``oas3_1`` or ``oas3_2``."""
        return self.document.spec_format

    @property
    def index(self) -> DocumentIndex:
        """Operations, parameters, responses, schemas ... built once per document per run."""
        cached = self._index_cache.get(self.document.uri)
        if cached is None:
            cached = DocumentIndex.build(self.document, self.workspace)
            self._index_cache[self.document.uri] = cached
        return cached

    def resolve(self, document: Document, ref: str) -> RefTarget | None:
        """The target of ``ref`` written in ``document``, or None if it does not resolve."""
        target = self.workspace.resolve(document, ref)
        return None if isinstance(target, RefError) else target

    def follow(self, node: Node) -> Node:
        """``node`` itself, or, if it is a ``$ref`` object, the node the reference chain ends at."""
        return Node(*self.workspace.follow(node.document, node.pointer, node.value))

    def violation(self, pointer: str, message: str, document: Document | None = None) -> Violation:
        return Violation(pointer, message, document if document is not self.document else None)
