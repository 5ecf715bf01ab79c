"""Comparing what two ways of reading a text give."""

from __future__ import annotations

import math
from typing import Any

from apilint.reading import ReadResult
from apilint.sourcemap import SourceMapping, SourceSequence

__all__ = ["differences"]


def differences(got: ReadResult, expected: ReadResult, positions: bool = True) -> list[str]:
    """Where two results differ: containers, their offsets, scalars, and what the reader counted.

    Without ``positions``, offsets are not compared, and of the problems only their kinds.
    """
    compared = ("root_start", "root_end", "nodes", "depth", "problems") if positions else ("nodes", "depth")
    found = [f"{name}: {getattr(got, name)!r} != {getattr(expected, name)!r}"
             for name in compared if getattr(got, name) != getattr(expected, name)]
    if not positions and [problem.kind for problem in got.problems] != [problem.kind for problem in expected.problems]:
        found.append("problems")
    if len(got.shared) != len(expected.shared):
        found.append("shared containers")
    pending: list[tuple[str, Any, Any]] = [("", got.data, expected.data)]
    while pending:
        pointer, left, right = pending.pop()
        if type(left) is not type(right):
            found.append(f"{pointer}: {type(left).__name__} != {type(right).__name__}")
        elif isinstance(left, SourceMapping):
            if list(left) != list(right) or (positions and left.offsets != right.offsets):
                found.append(f"{pointer}: members or offsets")
            else:
                pending.extend((f"{pointer}/{key}", left[key], right[key]) for key in left)
        elif isinstance(left, SourceSequence):
            if len(left) != len(right) or (positions and left.offsets != right.offsets):
                found.append(f"{pointer}: items or offsets")
            else:
                pairs = enumerate(zip(left, right, strict=True))
                pending.extend((f"{pointer}/{index}", *pair) for index, pair in pairs)
        elif left != right and not (isinstance(left, float) and math.isnan(left) and math.isnan(right)):
            found.append(f"{pointer}: {left!r} != {right!r}")
    return found
