"""Selecting the matches of one path in one document, by walking it with the compiled automaton.

This is the reference walker: the linting engine walks documents the same way, with many
paths at once, and the tests check it against the selections jsonpath-plus and nimma make.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from apilint.jsonpath.automaton import CompiledPath, MatchKind, StateSet, children
from apilint.jsonpath.trail import Key, Trail

__all__ = ["Match", "select_compiled"]


@dataclass(frozen=True, slots=True)
class Match:
    """One selected node.

    ``path`` is the node's location from the root. For ``kind == "value"`` ``value`` is
    the node itself; a path ending in ``^`` selects the ancestor, so it is reported like
    any other node, at the ancestor's own path. For ``kind == "key"`` (a path ending in
    ``~``) ``value`` is the node's key: a member name, or a position in an array.
    """

    path: tuple[Key, ...]
    value: Any
    kind: MatchKind = "value"


def select_compiled(data: Any, path: CompiledPath) -> list[Match]:
    """The nodes of ``data`` that ``path`` selects, in document order (depth first, each node once)."""
    found: list[Match] = []
    by_key = path.kind == "key"
    states = path.initial(data)
    if not states:
        return found
    if path.accepts(states) and not by_key:
        found.append(Match((), data))
    trail = Trail(data)
    stack: list[tuple[Iterator[tuple[Key, Any]], StateSet, Any]] = [(children(data), states, data)]
    # YAML aliases can make a container contain itself, which a walk would enter forever, or appear
    # at many places, exponentially many with aliases of aliases: a container is never entered from
    # inside itself, and one met again with the same states is not walked again (its matches would
    # be the same nodes, written in the same place), unless the path's filters read the location.
    inside = {id(data)}
    entered: set[tuple[int, StateSet]] = set()
    # Iterative on purpose: documents can be nested far deeper than Python's recursion limit.
    while stack:
        iterator, states, parent = stack[-1]
        item = next(iterator, None)
        if item is None:
            stack.pop()
            inside.discard(id(parent))
            if stack:
                trail.pop()
            continue
        key, value = item
        reached = path.advance(states, key, value, parent, trail)
        if not reached:
            continue
        if path.accepts(reached):
            location = (*trail.keys, key)
            found.append(Match(location, key, "key") if by_key else Match(location, value))
        if isinstance(value, dict | list) and value and id(value) not in inside:
            if not path.location_sensitive:
                if (id(value), reached) in entered:
                    continue
                entered.add((id(value), reached))
            inside.add(id(value))
            trail.push(key, value)
            stack.append((children(value), reached, value))
    return found
