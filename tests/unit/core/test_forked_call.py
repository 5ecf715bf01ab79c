"""ForkedCall: one function run in a forked child, its result sent back, and the child never left behind."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from apilint.forked_call import ForkedCall, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="fork is not available here")


def test_the_result_is_computed_in_the_child_and_sent_back() -> None:
    with ForkedCall(lambda: (os.getpid(), ["a", {"b": 1}])) as call:
        pid, value = call.result() or (None, None)
    assert pid is not None and pid != os.getpid()
    assert value == ["a", {"b": 1}]


def test_after_fork_runs_in_the_child_before_the_work() -> None:
    state = {"restarted": False}

    def restart() -> None:
        state["restarted"] = True

    with ForkedCall(lambda: state["restarted"], after_fork=restart) as call:
        assert call.result() is True
    assert state["restarted"] is False  # the parent's copy is untouched


def _raise() -> None:
    raise RuntimeError("boom")


def _killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _unpicklable() -> object:
    return lambda: None


@pytest.mark.parametrize("work", [_raise, _killed, _unpicklable], ids=["raises", "killed", "unpicklable"])
def test_a_child_that_does_not_finish_gives_no_result(work: object) -> None:
    with ForkedCall(work) as call:  # type: ignore[arg-type]
        assert call.result() is None


def test_leaving_without_the_result_stops_the_child(tmp_path: Path) -> None:
    marker = tmp_path / "pid"

    def linger() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(60)

    started = time.monotonic()
    with pytest.raises(KeyError), ForkedCall(linger):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (marker.exists() and marker.read_text()):
            time.sleep(0.01)
        raise KeyError("the caller failed")
    assert time.monotonic() - started < 10
    with pytest.raises(ProcessLookupError):  # killed and reaped: the pid is gone
        os.kill(int(marker.read_text()), 0)


def test_a_fork_that_fails_gives_no_result_and_leaves_no_pipe_open(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError("Resource temporarily unavailable")

    opened_before = len(os.listdir("/proc/self/fd")) if Path("/proc/self/fd").is_dir() else None
    monkeypatch.setattr(os, "fork", refuse)
    with ForkedCall(lambda: 1) as call:
        assert call.result() is None
    if opened_before is not None:
        assert len(os.listdir("/proc/self/fd")) == opened_before
