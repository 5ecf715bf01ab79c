"""The values functions of resolved rules receive: ``$ref``s replaced by their targets all the way down.

The traversal resolves the references on its way to a selected node; what lies below that node is
still as written. Spectral's functions see a fully resolved document, so a parameter list holds
parameters, not ``{"$ref": ...}`` objects, whichever file they are written in. This module gives
functions the same view without building a resolved copy of every document: only containers with
a reference somewhere below them are copied, each once per root document, and a reference back to
a node being resolved stays a ``$ref`` object, as in Spectral, so the view never contains itself.
"""

from __future__ import annotations

from typing import Any

from apilint.document import Document
from apilint.pointer import join_key, pointer_tokens
from apilint.reference_sites import literal_members
from apilint.workspace import RefTarget, Workspace

__all__ = ["ResolvedValues"]

#: Deeper than this, values are handed over as written: no real document nests so far, and the
#: resolution is recursive.
_MAX_DEPTH = 300

#: What a resolved container is remembered by: its document and pointer, or for a container that
#: YAML aliases share, its document, identity and the two keys above it (see :func:`_marker`).
_Marker = tuple[str, str] | tuple[str, int, str | None, str | None]


def _marker(document: Document, pointer: str, value: Any) -> _Marker:
    if id(value) not in document.shared:
        return document.uri, pointer
    # YAML aliases put one container at many places, and aliases of aliases (an "alias bomb") at
    # exponentially many: remembered by pointer, it would be resolved again at each of them. Its
    # resolved view depends only on the container and, through is_literal_member, on the two keys
    # above it, so it is resolved once for each such pair of keys.
    tokens = pointer_tokens(pointer)
    return (document.uri, id(value), tokens[-1] if tokens else None,
            tokens[-2] if len(tokens) > 1 else None)


class ResolvedValues:
    """Resolved views of the nodes of the documents one root document reaches."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._memo: dict[_Marker, Any] = {}
        self._active: set[_Marker] = set()

    def value(self, document: Document, pointer: str, value: Any) -> Any:
        """``value`` (written in ``document`` at ``pointer``) with every reference below it resolved."""
        return self._resolve(document, pointer, value, 0, _last_keys(pointer))

    def unchanged(self, document: Document, value: Any) -> bool:
        """Whether :meth:`value` gives ``value`` itself: it holds no reference (found without its pointer)."""
        return not isinstance(value, dict | list) or id(value) not in document.containers_with_refs

    def resolve_reference(self, uri: str, ref: str) -> tuple[str, Any] | None:
        """``FunctionContext.resolve``: the document uri and node that ``ref``, written at ``uri``, names."""
        document = self.workspace.document(uri)
        target = self.workspace.resolve(document, ref) if document is not None else None
        return (target.document.uri, target.value) if isinstance(target, RefTarget) else None

    def _resolve(self, document: Document, pointer: str, value: Any, depth: int, keys: _Keys) -> Any:
        # ``keys``: the last two keys of ``pointer``, which decide what is literal data below it.
        if not isinstance(value, dict | list) or depth > _MAX_DEPTH:
            return value
        if _is_reference(value):
            target_document, target_pointer, target = self.workspace.follow(document, pointer, value)
            if target is value or (target_document.uri, target_pointer) in self._active:
                return value  # does not resolve (reported by invalid-ref), or leads back up: left as written
            document, pointer, value = target_document, target_pointer, target
            if not isinstance(value, dict | list):
                return value
            keys = _last_keys(pointer)
        if id(value) not in document.containers_with_refs:
            return value
        marker = _marker(document, pointer, value)
        if marker in self._memo:
            return self._memo[marker]
        if marker in self._active:
            return value  # a container that holds itself through a YAML alias: left as written below itself
        self._active.add(marker)
        try:
            result = self._copy(document, pointer, value, depth, keys)
        finally:
            self._active.discard(marker)
        self._memo[marker] = result
        return result

    def _copy(self, document: Document, pointer: str, value: dict[str, Any] | list[Any], depth: int,
              keys: _Keys) -> Any:
        # Most members are scalars or hold no reference: they are kept as they are, without working
        # out their pointer (what _resolve would do for them, at the cost of a string per member).
        # A member may change if it holds a reference, or is one (one the walk for references did
        # not reach there, through a YAML alias); the test is written out, as it runs for every member.
        with_refs = document.containers_with_refs
        key = keys[0]
        if isinstance(value, list):
            return [self._resolve(document, f"{pointer}/{index}", item, depth + 1, (str(index), key))
                    if isinstance(item, dict | list) and (id(item) in with_refs or _is_reference(item)) else item
                    for index, item in enumerate(value)]
        literal = literal_members(*keys)
        return {name: self._resolve(document, join_key(pointer, name), child, depth + 1, (name, key))
                if isinstance(child, dict | list) and (id(child) in with_refs or _is_reference(child))
                and name not in literal else child
                for name, child in value.items()}


#: The last key of a pointer and the one before it (None where the pointer is shorter).
_Keys = tuple[str | None, str | None]


def _last_keys(pointer: str) -> _Keys:
    tokens = pointer_tokens(pointer)
    return tokens[-1] if tokens else None, tokens[-2] if len(tokens) > 1 else None


def _is_reference(value: dict[str, Any] | list[Any]) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)
