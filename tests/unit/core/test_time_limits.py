"""The time limit on plugin code: a call is interrupted once it outlasts the limit, and nothing else is."""

from __future__ import annotations

import signal
import time

import pytest

from apilint.time_limits import TimeLimitExceeded, TimeLimits

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX interval timers")


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_a_call_that_outlasts_the_limit_is_interrupted_within_a_tick() -> None:
    limits = TimeLimits(0.2)
    with limits.installed():
        started = time.monotonic()
        with pytest.raises(TimeLimitExceeded), limits.limit():
            _spin(5)
        elapsed = time.monotonic() - started
    assert 0.2 <= elapsed < 0.5


def test_time_outside_calls_does_not_count() -> None:
    limits = TimeLimits(0.2)
    with limits.installed():
        for _ in range(3):
            with limits.limit():
                _spin(0.12)
            _spin(0.3)  # apilint's own work between calls is never interrupted


def test_each_call_has_the_whole_limit() -> None:
    limits = TimeLimits(0.2)
    with limits.installed():
        for _ in range(4):
            with limits.limit():
                _spin(0.12)


def test_no_limit_outside_installed_or_when_unset() -> None:
    for limits in (TimeLimits(0.1), TimeLimits(None), TimeLimits(0)):
        with limits.limit():
            _spin(0.25)
    unset = TimeLimits(None)
    with unset.installed(), unset.limit():
        _spin(0.25)


def test_the_previous_handler_comes_back() -> None:
    previous = signal.getsignal(signal.SIGALRM)
    limits = TimeLimits(0.2)
    with limits.installed():
        assert signal.getsignal(signal.SIGALRM) != previous
    assert signal.getsignal(signal.SIGALRM) == previous
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
