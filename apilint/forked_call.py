"""Running one function in a forked child process while the caller goes on with other work.

A large document's rules fall into parts that share nothing but the document (the rules that see
it as written, and those that see its references resolved); on a machine with more than one CPU,
one part can run in a child while the parent runs the other. The child is a fork, so it starts
with everything the parent has read and built, and sends back only its result. The standard
library's process pools would do the same with a pool, queues and threads set up for one call;
a pipe and ``os.fork`` are all one call needs.

Whatever goes wrong in the child (an exception, a crash, a signal) makes :meth:`ForkedCall.result`
return None, and the caller does the work itself: the child can make a run faster, never different.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

__all__ = ["ForkedCall", "can_fork"]

Result = TypeVar("Result")


def can_fork() -> bool:
    """Whether this platform has ``fork`` (POSIX systems; not Windows)."""
    return hasattr(os, "fork") and sys.platform != "win32"


class ForkedCall(Generic[Result]):
    """``work()`` running in a forked child; a context manager that never leaves the child behind.

    The child ignores Ctrl-C (the parent answers it, and stops the child on its way out), and ends
    with ``os._exit``, so that it runs none of the parent's exit handlers and flushes none of its
    buffered output. ``after_fork`` runs first in the child, to restart what a fork does not
    carry over (interval timers).
    """

    def __init__(self, work: Callable[[], Result], after_fork: Callable[[], None] = lambda: None) -> None:
        self._work = work
        self._after_fork = after_fork
        self._pid: int | None = None
        self._read_end: int | None = None

    def __enter__(self) -> ForkedCall[Result]:
        try:
            self._fork()
        except BaseException:
            self._stop()  # Ctrl-C as the child started: it is known by then, and stopped
            raise
        return self

    def _fork(self) -> None:
        try:
            read_end, write_end = os.pipe()
        except OSError:
            return  # no child: result() says so, and the caller does the work
        # Ctrl-C is held back until the child's pid is kept: interrupted in between, the parent
        # would leave without knowing it had a child to stop.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                return
            if pid == 0:  # the child
                status = 1
                try:
                    signal.signal(signal.SIGINT, signal.SIG_IGN)
                    signal.pthread_sigmask(signal.SIG_SETMASK, held)
                    status = self._in_child(read_end, write_end)
                finally:
                    os._exit(status)
            self._pid, self._read_end = pid, read_end
            os.close(write_end)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    def _in_child(self, read_end: int, write_end: int) -> int:
        """Do the work and send its result; the child's exit status."""
        try:
            os.close(read_end)
            self._after_fork()
            data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as sent:
                sent.write(data)
        except BaseException:  # noqa: BLE001 - the parent does the work itself instead
            return 1
        return 0

    @property
    def started(self) -> bool:
        """Whether a child was started (and not yet waited for): there may be no fork, or no pipe."""
        return self._pid is not None

    def result(self) -> Result | None:
        """Wait for the child; what ``work()`` returned, or None if the child did not finish it."""
        if self._pid is None or self._read_end is None:
            return None
        with os.fdopen(self._read_end, "rb") as received:
            self._read_end = None
            data = received.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        if status != 0 or not data:
            return None
        try:
            result: Result = pickle.loads(data)  # written by our own child a moment ago
        except Exception:  # noqa: BLE001 - a truncated result is no result
            return None
        return result

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._stop()

    def _stop(self) -> None:
        # Left before its result was asked for (an error, Ctrl-C): the child is no longer wanted.
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
