"""apilint as a real process: exit codes, streams, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("content", "name", "code", "rule"),
    [
        (b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "ok.yaml", 0, None),
        (b"openapi: 3.1.0\ninfo: [unclosed\n", "bad.yaml", 1, "syntax-error"),
        (b'{"openapi": "3.1.0", "info": ', "bad.json", 1, "syntax-error"),
        (b"", "empty.yaml", 1, "empty-document"),
        (b"openapi: 3.1.0\n\xff\xfe\x00garbage", "binary.yaml", 1, "invalid-encoding"),
        (b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\ninfo: {}\n", "dup.yaml", 1, "duplicate-key"),
        (b"openapi: 9.9.9\ninfo: {}\n", "future.yaml", 1, "unknown-openapi-version"),
    ],
)
def test_exit_codes_and_findings(run_process, tmp_path: Path, content: bytes, name: str, code: int,
                                 rule: str | None) -> None:
    (tmp_path / name).write_bytes(content)
    outcome = run_process(["lint", name], tmp_path)
    assert outcome.exit_code == code, outcome.stdout + outcome.stderr
    assert "Traceback" not in outcome.stderr
    if rule:
        assert f"{name}:" in outcome.stdout and f" {rule} " in outcome.stdout


def test_one_broken_file_does_not_stop_the_others(run_process, tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("openapi: 3.1.0\ninfo: [\n")
    (tmp_path / "b.yaml").write_text("openapi: 3.1.0\ninfo: {title: t}\npaths: {}\n")
    outcome = run_process(["lint", "a.yaml", "b.yaml"], tmp_path)
    assert outcome.exit_code == 1
    assert "a.yaml:" in outcome.stdout and "b.yaml:" in outcome.stdout


def test_sarif_to_stdout_is_json(run_process, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {title: t}\npaths: {}\n")
    outcome = run_process(["lint", "-f", "sarif", "api.yaml"], tmp_path)
    assert outcome.exit_code == 1
    assert outcome.stdout.lstrip().startswith("{") and '"version": "2.1.0"' in outcome.stdout


def test_a_reader_that_goes_away_is_not_an_error(tmp_path: Path) -> None:
    import subprocess
    import sys

    many = "".join(f"    x{i}: {{}}\n    x{i}: {{}}\n" for i in range(3000))
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n" + many)
    with subprocess.Popen([sys.executable, "-m", "apilint", "lint", "api.yaml"], cwd=tmp_path,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert first.startswith(b"api.yaml:")
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr
    assert code in (0, 1)
