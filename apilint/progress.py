"""A progress bar on standard error, for people watching a long run at a terminal."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TextIO

__all__ = ["HANDFUL", "ProgressBar", "progress_wanted"]

#: Up to this many documents a run is over before a bar would help.
HANDFUL = 10
_WIDTH = 30


def progress_wanted(total: int, stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """A bar only for more than a handful of documents, on a terminal that is not a CI job's log.

    CI services set ``CI``; their logs would keep every repaint as a line of its own.
    """
    if total <= HANDFUL or environ.get("CI", "").lower() not in ("", "0", "false"):
        return False
    if environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class ProgressBar:
    """``  42/120 [==========>                   ] documents``, repainted in place, erased when closed."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._shown = ""

    def update(self, done: int, total: int) -> None:
        filled = _WIDTH * done // total if total else _WIDTH
        arrow = ">" if 0 < filled < _WIDTH else ""
        bar = ("=" * max(filled - len(arrow), 0) + arrow).ljust(_WIDTH)
        line = f"{done:>{len(str(total))}}/{total} [{bar}] documents"
        if line != self._shown:  # repaint only when something changed: the terminal is slow, not the count
            self.stream.write("\r" + line)
            self.stream.flush()
            self._shown = line

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")  # erase the bar, so the report starts on a clean line
            self.stream.flush()
            self._shown = ""
