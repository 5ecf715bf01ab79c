"""``--jobs N``: the same report as a serial run, whatever shares files with what."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apilint import engine, usable_cpus
from apilint.forked_call import ForkedCall, can_fork
from apilint.testing import load_cases

REPO = Path(__file__).resolve().parents[2]
CASES = sorted((REPO / "tests" / "unit" / "oas" / "rules" / "cases").glob("*.yaml"))

SHARED = """\
Pet:
  type: object
  properties:
    name: {type: string, example: 3}   # apilint-ignore oas3-valid-schema-example: kept as it is
"""


def api(title: str, ref: str | None) -> str:
    schema = f"{{$ref: '{ref}'}}" if ref else "{type: object}"
    return f"""\
openapi: 3.1.0
info: {{title: {title}, version: 1.0.0}}
paths:
  /things:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {schema}
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every rule case as a project of its own, and documents that share files, configurations and troubles."""
    root = tmp_path_factory.mktemp("corpus")
    count = 0
    for path in CASES:
        for case in load_cases(path):
            case.write(root / "cases" / f"{count:04d}")
            count += 1
    shared = root / "shared"
    shared.mkdir()
    (shared / "pets.yaml").write_text(SHARED)
    # Three documents share pets.yaml, far apart in the order they are read. The suppression in it
    # silences a finding of a rule only mmm/other.yaml's configuration runs, so only a run that judges
    # it with all three sees that it is used.
    for name in ("aaa", "mmm", "zzz"):
        folder = root / name
        folder.mkdir()
        (folder / "openapi.yaml").write_text(api(name, "../shared/pets.yaml#/Pet" if name != "mmm" else None))
        if name != "mmm":
            (folder / ".apilint.yaml").write_text("rules: {oas3-valid-schema-example: off}\n")
    (root / "mmm" / "other.yaml").write_text(api("other", "../shared/pets.yaml#/Pet"))
    (root / "mmm" / ".apilint.yaml").write_text("rules: {info-contact: error, oas3-api-servers: off}\n")
    (root / "broken.yaml").write_text("openapi: 3.1.0\ninfo: {title: [\n")
    (root / "notes.yaml").write_text("just: data\n")
    return root


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_two_processes_report_exactly_what_one_does(run_process, corpus: Path, output_format: str) -> None:
    serial = run_process(["lint", "-f", output_format, "-j", "1", ".", "notes.yaml"], corpus)
    parallel = run_process(["lint", "-f", output_format, "--jobs", "2", ".", "notes.yaml"], corpus)
    assert serial.exit_code == 1, serial.stderr
    assert (parallel.exit_code, parallel.stdout, parallel.stderr) == (serial.exit_code, serial.stdout, serial.stderr)
    assert "notes.yaml is not an OpenAPI document" in serial.stderr
    if output_format == "text":
        assert serial.stdout.count("\n") > 500
        lines = serial.stdout.splitlines()
        # The suppression in the shared file is judged with every document that uses it.
        assert not any("shared/pets.yaml" in line and "unused-suppression" in line for line in lines)
        assert "suppressed" in lines[-1]
        assert any(line.startswith("mmm/other.yaml") and " error info-contact " in line for line in lines)
        assert any(line.startswith("broken.yaml:") and "syntax-error" in line for line in lines)


def test_the_default_uses_one_process_per_cpu_and_agrees_too(run_process, corpus: Path) -> None:
    serial = run_process(["lint", "-f", "json", "-j", "1", "aaa", "mmm", "zzz"], corpus)
    parallel = run_process(["lint", "-f", "json", "aaa", "mmm", "zzz"], corpus)  # -j auto is the default
    assert (parallel.exit_code, parallel.stdout) == (serial.exit_code, serial.stdout)


@pytest.mark.parametrize(("value", "complaint"), [("0", "at least 1"), ("many", "not a number of processes")])
def test_a_bad_number_of_jobs_is_a_usage_error(run_cli, tmp_path: Path, value: str, complaint: str) -> None:
    outcome = run_cli(["lint", "--jobs", value, "."], tmp_path)
    assert outcome.exit_code == 2
    assert complaint in outcome.stderr


def _forks(monkeypatch: pytest.MonkeyPatch) -> list[ForkedCall[object]]:
    """The forked calls started from now on."""
    forks: list[ForkedCall[object]] = []
    enter = ForkedCall.__enter__

    def counted(self: ForkedCall[object]) -> ForkedCall[object]:
        forks.append(self)
        return enter(self)

    monkeypatch.setattr(ForkedCall, "__enter__", counted)
    return forks


@pytest.mark.skipif(not can_fork(), reason="a second process is used only where fork is available")
def test_a_large_document_uses_a_second_process_by_default_and_none_with_one_job(
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)  # every document counts as large
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)  # two CPUs
    monkeypatch.setattr(usable_cpus, "cpu_quota", lambda root: None)  # and the time of both
    forks = _forks(monkeypatch)
    # array-items sees the document as written, oas3-valid-media-example sees it resolved.
    (tmp_path / "api.yaml").write_text(api("big", None).replace(
        "schema: {type: object}", "schema: {type: array}\n              example: {id: 1}"))
    by_default = run_cli(["lint", "-f", "json", "api.yaml"], tmp_path)
    assert len(forks) == 1
    in_one = run_cli(["lint", "-f", "json", "-j", "1", "api.yaml"], tmp_path)
    assert len(forks) == 1
    assert (by_default.exit_code, by_default.stdout) == (in_one.exit_code, in_one.stdout)
    assert '"array-items"' in in_one.stdout and '"oas3-valid-media-example"' in in_one.stdout


@pytest.mark.skipif(not can_fork(), reason="a second process is used only where fork is available")
def test_a_cpu_quota_of_one_keeps_a_large_document_in_one_process(
        run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3}, raising=False)
    monkeypatch.setattr(usable_cpus, "cpu_quota", lambda root: 1)  # as in a container run with --cpus 1
    forks = _forks(monkeypatch)
    (tmp_path / "api.yaml").write_text(api("big", None))
    outcome = run_cli(["lint", "api.yaml"], tmp_path)
    assert outcome.exit_code in (0, 1)
    assert forks == []
