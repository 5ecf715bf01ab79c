from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from apilint.cli import app


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch):
    """Run ``apilint`` in-process through typer's runner, in a given working directory."""

    def run(args: Sequence[str], cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Outcome:
        monkeypatch.chdir(cwd)
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        result = CliRunner().invoke(app, list(args), input=stdin, catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def run_process():
    """Run ``python -m apilint`` as a real subprocess, as users and CI do."""

    def run(args: Sequence[str], cwd: Path, stdin: bytes | None = None, env: dict[str, str] | None = None) -> Outcome:
        environment = {**os.environ, **(env or {})}
        completed = subprocess.run(
            [sys.executable, "-m", "apilint", *args], cwd=cwd, input=stdin, capture_output=True,
            env=environment, timeout=120, check=False,
        )
        return Outcome(completed.returncode, completed.stdout.decode(), completed.stderr.decode())

    return run
