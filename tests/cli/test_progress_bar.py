"""The progress bar, seen through a real terminal: shown for a long run, never in a CI log."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

DOCUMENT = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for number in range(12):
        (tmp_path / f"api-{number:02d}.yaml").write_text(DOCUMENT)
    return tmp_path


def run_in_terminal(project: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run apilint with standard error on a pseudo-terminal; returns the exit code, stdout and the terminal's text."""
    controller, terminal = pty.openpty()
    environment = {name: value for name, value in os.environ.items() if name not in ("CI", "TERM", "NO_COLOR")}
    with subprocess.Popen([sys.executable, "-m", "apilint", "lint", *args, "."], cwd=project, stdout=subprocess.PIPE,
                          stderr=terminal, env={**environment, "TERM": "xterm", **(env or {})}) as process:
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        stdout = process.stdout.read().decode() if process.stdout else ""
        code = process.wait(timeout=120)
    os.close(controller)
    return code, stdout, seen.decode()


def test_a_long_run_at_a_terminal_shows_a_bar_that_is_erased_before_the_report(project: Path) -> None:
    code, stdout, terminal = run_in_terminal(project)
    assert code == 0
    assert "12/12 [==============================] documents" in terminal
    assert terminal.endswith("\r\x1b[K")
    assert "documents" not in stdout  # the report itself stays clean


@pytest.mark.parametrize(("args", "env"), [((), {"CI": "true"}), (("--quiet",), {}), (("-j", "2"), {"CI": "1"})])
def test_no_bar_in_a_ci_log_or_when_asked_for_quiet(project: Path, args: tuple[str, ...], env: dict[str, str]) -> None:
    code, _, terminal = run_in_terminal(project, *args, env=env)
    assert code == 0
    assert "documents" not in terminal and "\r" not in terminal


def test_no_bar_for_a_handful_of_documents(project: Path) -> None:
    for path in sorted(project.iterdir())[10:]:
        path.unlink()
    code, _, terminal = run_in_terminal(project)
    assert code == 0
    assert terminal == ""


def test_a_bar_with_several_processes_counts_every_document(project: Path) -> None:
    code, _, terminal = run_in_terminal(project, "-j", "2")
    assert code == 0
    assert "12/12 [" in terminal
