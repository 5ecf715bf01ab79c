"""What is built from an object (a schema, a function), kept by the object's identity.

Schemas in rulesets and documents are plain dicts, which cannot be hashed; what is built from them
(validators, quick checks) is kept by ``id()``. An entry keeps its object alive, so that its id
cannot be taken by another object while the entry exists.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

__all__ = ["IdentityCache"]

Built = TypeVar("Built")


class IdentityCache(Generic[Built]):
    """A bounded, thread-safe cache of what is built from objects, by identity and a key of the caller's.

    The oldest entry makes room for a new one. Building happens outside the lock: two threads may
    build the same thing once each, and the later one is kept.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: dict[tuple[int, Hashable], tuple[Any, Built]] = {}
        self._lock = threading.Lock()

    def get(self, source: Any, key: Hashable, build: Callable[[], Built]) -> Built:
        """What ``build`` makes from ``source`` (with ``key``), built on first use."""
        entry_key = (id(source), key)
        with self._lock:
            cached = self._entries.get(entry_key)
            if cached is not None and cached[0] is source:
                return cached[1]
        built = build()
        with self._lock:
            if entry_key not in self._entries and len(self._entries) >= self._size:
                del self._entries[next(iter(self._entries))]
            self._entries[entry_key] = (source, built)
        return built
