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
