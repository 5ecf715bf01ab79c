"""JSONPath as Spectral rulesets write it (jsonpath-plus syntax, as nimma runs it), for Python.

``compile_path`` turns a path into a :class:`CompiledPath`, an incremental matcher that a
depth-first walk can drive; :class:`CompiledPathSet` runs many of them as one automaton,
so a single walk serves them all; ``select`` runs one path over one document with that same
machinery.

apilint selects what Spectral selects: nimma's result, or jsonpath-plus's where nimma hands
the path over to it. It departs from that only where the engines fail or are plainly wrong:

* a filter that would throw in JavaScript (a member of ``null``, ``startsWith`` on a number)
  does not select that node, where Spectral abandons the whole query; ``typeof``, a bare
  ``@`` and ``'name' in @`` work, though nimma 0.2.3 throws on them;
* slices with a step follow Python's (and RFC 9535's) meaning, including negative steps;
  nimma miscounts ``[4::3]``; a step of 0 is an error;
* whitespace after the commas of a union is allowed (``[get, put]``);
* paths that the engines half-accept are errors: no leading ``$``, a trailing ``.`` or ``..``,
  unclosed or empty brackets, ``[(script)]``, ``~`` before the end, JavaScript beyond the
  filter subset (arithmetic, ``?:``, other calls, ``constructor``), regex flags ``y``, ``d``, ``v``.

Not supported: jsonpath-plus's type selectors (``@string()``) and backtick escapes, and nimma's
``~=`` operator and ``@@`` shorthands.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from apilint.jsonpath.automaton import EMPTY, CompiledPath, MatchKind, StateSet, children
from apilint.jsonpath.errors import JsonPathError
from apilint.jsonpath.path_set import CompiledPathSet
from apilint.jsonpath.selection import Match, select_compiled
from apilint.jsonpath.trail import Key, Trail

__all__ = [
    "EMPTY",
    "CompiledPath",
    "CompiledPathSet",
    "JsonPathError",
    "Key",
    "Match",
    "MatchKind",
    "StateSet",
    "Trail",
    "children",
    "compile_path",
    "select",
]


@lru_cache(maxsize=1024)
def compile_path(text: str) -> CompiledPath:
    """Compile ``text`` once; the same text gives back the same :class:`CompiledPath`.

    Raises :class:`JsonPathError` (with ``message`` and ``position``) if the path is not valid.
    """
    return CompiledPath(text)


def select(data: Any, path: str | CompiledPath) -> list[Match]:
    """The matches of ``path`` in ``data``, in document order."""
    compiled = path if isinstance(path, CompiledPath) else compile_path(path)
    return select_compiled(data, compiled)
