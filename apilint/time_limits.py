"""Stopping a plugin's rule or function that runs too long, so that one slow plugin cannot hang a run.

A rule or function is plugin code: apilint cannot make it return, but it can interrupt it. On
POSIX systems, in the main thread (where apilint always runs rules, in worker processes too), a
real-time timer's signal raises :class:`TimeLimitExceeded` in the code that is running. Elsewhere
(Windows, or a program running apilint in another thread) nothing can interrupt it, and the limit
is not enforced; the documentation says so.

Only plugin code runs under the timer: callers collect what a rule yields inside the limit and
record it outside, so the interruption never lands in apilint's own bookkeeping. The signal
handler is installed once per document and the timer armed once per call, since arming costs a
microsecond and installing a handler several.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["DEFAULT_RULE_TIME_LIMIT", "TimeLimitExceeded", "TimeLimits"]

#: Seconds one rule may take on one document (a Python rule), or on one value (a function). Rules
#: on the largest public descriptions take a few seconds; this is far beyond that.
DEFAULT_RULE_TIME_LIMIT = 120.0


class TimeLimitExceeded(Exception):
    """Code under :meth:`TimeLimits.limit` ran for longer than the limit."""


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise TimeLimitExceeded


class TimeLimits:
    """A time limit for plugin code, in ``seconds`` (None or 0: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._installed = False

    @property
    def enforced(self) -> bool:
        """Whether a limit is set and this platform and thread can interrupt code when it runs out."""
        return bool(self.seconds) and hasattr(signal, "setitimer") \
            and threading.current_thread() is threading.main_thread()

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Make :meth:`limit` effective for the block (it installs the signal handler)."""
        if self._installed or not self.enforced:
            yield
            return
        previous = signal.signal(signal.SIGALRM, _interrupt)
        self._installed = True
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            self._installed = False

    @contextmanager
    def limit(self) -> Iterator[None]:
        """Raise :class:`TimeLimitExceeded` in the block if it runs longer than the limit."""
        if not self._installed:
            yield
            return
        assert self.seconds is not None
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
