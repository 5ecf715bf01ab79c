"""Stopping a plugin's rule or function that runs too long, so that one slow plugin cannot hang a run.

A rule or function is plugin code: apilint cannot make it return, but it can interrupt it. On
POSIX systems, in the main thread (where apilint always runs rules, in worker processes too), a
real-time timer's signal raises :class:`TimeLimitExceeded` in the code that is running. Elsewhere
(Windows, or a program running apilint in another thread) nothing can interrupt it, and the limit
is not enforced; the documentation says so.

Only plugin code runs under the limit: callers collect what a rule yields inside the limit and
record it outside, so the interruption never lands in apilint's own bookkeeping. Functions are
called hundreds of thousands of times on a large document, so entering the limit must cost next to
nothing: rather than arming a timer per call (two system calls), a periodic timer ticks while rules
run, and its handler interrupts the call in progress once that call has outlasted the limit. A call
is therefore stopped between the limit and the limit plus one tick (a tenth of the limit, at most one
second).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, TracebackType

__all__ = ["DEFAULT_RULE_TIME_LIMIT", "Limit", "TimeLimitExceeded", "TimeLimits"]

#: Seconds one rule may take on one document (a Python rule), or on one value (a function). Rules
#: on the largest public descriptions take a few seconds; this is far beyond that.
DEFAULT_RULE_TIME_LIMIT = 120.0


class TimeLimitExceeded(Exception):
    """Code under :meth:`TimeLimits.limit` ran for longer than the limit."""


#: The longest time between two ticks of the watchdog, in seconds.
_MAX_TICK = 1.0


class Limit:
    """The context manager :meth:`TimeLimits.limit` returns: the block it guards is one call."""

    __slots__ = ("_limits",)

    def __init__(self, limits: TimeLimits) -> None:
        self._limits = limits

    def __enter__(self) -> None:
        self._limits.started = time.monotonic()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._limits.started = None


class TimeLimits:
    """A time limit for plugin code, in ``seconds`` (None or 0: no limit)."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        #: When the call under the limit began (``time.monotonic()``), or None between calls.
        self.started: float | None = None
        self._installed = False
        self._limit = Limit(self)

    @property
    def enforced(self) -> bool:
        """Whether a limit is set and this platform and thread can interrupt code when it runs out."""
        return bool(self.seconds) and hasattr(signal, "setitimer") \
            and threading.current_thread() is threading.main_thread()

    def _tick(self, signum: int, frame: FrameType | None) -> None:
        started = self.started
        if started is not None and self.seconds and time.monotonic() - started >= self.seconds:
            self.started = None
            raise TimeLimitExceeded

    @contextmanager
    def installed(self) -> Iterator[None]:
        """Make :meth:`limit` effective for the block (it installs the signal handler and starts the ticks)."""
        if self._installed or not self.enforced:
            yield
            return
        assert self.seconds is not None
        tick = min(self.seconds / 10, _MAX_TICK)
        previous = signal.signal(signal.SIGALRM, self._tick)
        self._installed = True
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            self._installed = False
            self.started = None

    def restart_ticks(self) -> None:
        """Start the ticks again in a forked child, inside :meth:`installed`: a fork keeps the signal
        handler but not the interval timer."""
        if self._installed and self.seconds:
            tick = min(self.seconds / 10, _MAX_TICK)
            signal.setitimer(signal.ITIMER_REAL, tick, tick)

    def limit(self) -> Limit:
        """Raise :class:`TimeLimitExceeded` in the block if it runs longer than the limit (only inside
        :meth:`installed`; elsewhere the block runs unlimited)."""
        return self._limit
