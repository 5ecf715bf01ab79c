"""Reports when writing fails or the run is stopped: never half a file, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

API = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n"


def test_a_full_disk_leaves_the_previous_report_and_no_temporary_file(run_cli, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "report.sarif").write_text("the previous report\n")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("apilint.atomic_output.os.fsync", full)
    outcome = run_cli(["lint", "-f", "text", "-f", "sarif", "-o", "sarif=report.sarif", "api.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr == f"apilint: error: cannot write report.sarif: {os.strerror(errno.ENOSPC)}\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["api.yaml", "report.sarif"]
    assert (tmp_path / "report.sarif").read_text() == "the previous report\n"


def big_document(operations: int) -> str:
    paths = {f"/things{number}/{{id}}": {"get": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                                    "schema": {"type": "string"}}],
                                                  "responses": {"200": {"description": "ok"}}}}
             for number in range(operations)}
    return json.dumps({"openapi": "3.1.0", "info": {"title": "Big", "version": "1"}, "paths": paths})


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_stops_the_run_with_130_and_writes_nothing(tmp_path: Path, jobs: str) -> None:
    for number in range(4):
        (tmp_path / f"api-{number}.json").write_text(big_document(4000))
    process = subprocess.Popen([sys.executable, "-m", "apilint", "lint", "-j", jobs, "-o", "report.txt", "."],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    time.sleep(2.5)  # well into linting: the start takes well under a second
    assert process.poll() is None, "the run ended before it could be interrupted; make the documents bigger"
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to every process of the group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr + stdout
    with pytest.raises(ProcessLookupError):  # no worker is left running
        os.killpg(process.pid, 0)
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"api-{number}.json" for number in range(4)]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="finds the second process through Linux's /proc")
def test_ctrl_c_while_a_large_document_is_linted_in_two_processes_leaves_neither(tmp_path: Path) -> None:
    (tmp_path / "api.json").write_text(big_document(40_000))  # 7 MB: its rules run in two processes
    process = subprocess.Popen([sys.executable, "-m", "apilint", "lint", "-j", "2", "-o", "report.txt", "api.json"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and not children.read_text().split():
        time.sleep(0.005)
    assert process.poll() is None, "the run ended before its second process was seen; make the document bigger"
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert b"Traceback" not in stderr + stdout
    with pytest.raises(ProcessLookupError):  # the forked child is gone too
        os.killpg(process.pid, 0)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["api.json"]
