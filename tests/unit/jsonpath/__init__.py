"""Tests of apilint's JSONPath dialect, checked against selections made by Spectral's engines.

The fixtures in ``data/`` hold, for every path, what nimma (with Spectral's jsonpath-plus
fallback) selected, what jsonpath-plus selected on its own, and what jsonpath-plus selected
when told to ignore filters that throw. :func:`reference` picks the one apilint must match.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    suite: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    suite["data"] = json.loads((DATA / suite["document"]).read_text(encoding="utf-8"))
    return suite


def as_set(results: list[dict[str, Any]]) -> set[str]:
    """Selections compared as sets: the engines report a node twice when two routes reach it."""
    return {json.dumps(result, sort_keys=True) for result in results}


def reference(case: dict[str, Any]) -> list[dict[str, Any]]:
    """What apilint must select: Spectral's result; where Spectral throws, jsonpath-plus's;
    where that throws too, jsonpath-plus's with throwing filters treated as false."""
    for engine in ("spectral", "jsonpath_plus", "jsonpath_plus_lenient"):
        if "results" in case[engine]:
            results: list[dict[str, Any]] = case[engine]["results"]
            return results
    raise AssertionError(f"no engine could run {case['path']!r}")


def selection(matches: list[Any], *, keys: bool) -> set[str]:
    """apilint's matches in the fixtures' shape."""
    if keys:
        return as_set([{"path": list(match.path), "key": match.value} for match in matches])
    return as_set([{"path": list(match.path)} for match in matches])
