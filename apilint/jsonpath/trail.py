"""Where a depth-first traversal stands: the keys and nodes from the document root down.

Filters that read ``@root``, ``@parent``, ``@parentProperty`` or ``@path`` need more than
the node being tested; a traversal keeps one :class:`Trail`, pushing a node when it
descends into it and popping it on the way back, and hands it to
:meth:`~apilint.jsonpath.automaton.CompiledPath.advance`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Key", "Trail"]

#: A member name (objects) or a position (arrays).
Key = str | int


class Trail:
    """The chain of containers from the root to the node whose children are being visited.

    ``values[0]`` is the root and ``values[-1]`` the current container; ``keys[i]`` is the
    key under which ``values[i + 1]`` sits in ``values[i]``, so ``keys`` is the
    container's path.
    """

    __slots__ = ("keys", "values")

    def __init__(self, root: Any) -> None:
        self.keys: list[Key] = []
        self.values: list[Any] = [root]

    @property
    def root(self) -> Any:
        return self.values[0]

    @property
    def container(self) -> Any:
        return self.values[-1]

    def push(self, key: Key, value: Any) -> None:
        """Step into ``value``, the member ``key`` of the current container."""
        self.keys.append(key)
        self.values.append(value)

    def pop(self) -> None:
        """Step back out to the previous container."""
        if not self.keys:
            raise IndexError("cannot step out of the root")
        self.keys.pop()
        self.values.pop()

    def path(self) -> tuple[Key, ...]:
        """The current container's path from the root."""
        return tuple(self.keys)
