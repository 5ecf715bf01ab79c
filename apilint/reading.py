"""What the readers share: the result of reading a text, and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ReadProblem", "ReadResult"]


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with the text itself, at a code-point offset.

    ``kind`` is the id of the core rule that reports it (``syntax-error``, ``duplicate-key`` ...).
    ``fatal`` problems leave no usable data.
    """

    kind: str
    message: str
    start: int
    end: int
    fatal: bool = False


@dataclass(slots=True)
class ReadResult:
    """Parsed data (positioned containers and scalars) and the problems met reading it.

    ``root_start``/``root_end`` are the offsets of the whole root value.
    """

    data: Any = None
    root_start: int = 0
    root_end: int = 0
    problems: list[ReadProblem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(problem.fatal for problem in self.problems)
