"""Several formats in one run, each to its own place, and --statistics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BAD = """\
openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      responses: {"200": {description: ok}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "openapi.yaml").write_text(BAD)
    return tmp_path


def test_text_to_the_terminal_and_sarif_and_json_to_files_in_one_run(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-f", "text", "-f", "sarif", "-o", "sarif=out/apilint.sarif", "--format", "json",
                       "--output", "json=report.json", "openapi.yaml"], project)
    alone = run_cli(["lint", "openapi.yaml"], project)
    assert outcome.exit_code == alone.exit_code == 0
    assert outcome.stdout == alone.stdout
    assert "warn info-contact" in outcome.stdout
    sarif = json.loads((project / "out" / "apilint.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    rules = {result["ruleId"] for result in sarif["runs"][0]["results"]}
    assert "info-contact" in rules
    report = json.loads((project / "report.json").read_text())
    assert {finding["rule"] for finding in report["findings"]} == rules


def test_each_file_holds_what_a_run_of_that_format_alone_prints(run_cli, project: Path) -> None:
    run_cli(["lint", "-f", "sarif", "-f", "json", "-o", "sarif=a.sarif", "-o", "json=a.json", "openapi.yaml"], project)
    for name, output_format in (("a.sarif", "sarif"), ("a.json", "json")):
        alone = run_cli(["lint", "-f", output_format, "openapi.yaml"], project)
        assert (project / name).read_text() == alone.stdout


def test_a_usage_mistake_writes_no_file_at_all(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-f", "text", "-f", "json", "-o", "sarif=x.sarif", "openapi.yaml"], project)
    assert outcome.exit_code == 2
    assert outcome.stderr == ("apilint: error: --output sarif=x.sarif: 'sarif' is not one of the formats asked for "
                              "(text, json); add --format sarif\n")
    assert sorted(path.name for path in project.iterdir()) == ["openapi.yaml"]


def test_an_output_file_that_cannot_be_written_is_one_error_line(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-f", "text", "-f", "json", "-o", "json=openapi.yaml/a.json", "openapi.yaml"],
                      project)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: cannot write openapi.yaml/a.json: ")
    assert outcome.stdout == ""


def test_statistics_replace_the_findings_on_standard_output(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--statistics", "--fail-level", "warn", "openapi.yaml"], project)
    assert outcome.exit_code == 1
    lines = outcome.stdout.splitlines()
    assert lines[-1] == "6 problems (6 warnings) in 1 file"
    assert any(line.split()[:3] == ["1", "warn", "info-contact"] for line in lines)
    assert "openapi.yaml:" not in outcome.stdout


def test_statistics_beside_a_machine_format_written_to_a_file(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--statistics", "-f", "sarif", "-o", "a.sarif", "openapi.yaml"], project)
    assert outcome.exit_code == 0
    assert outcome.stdout.endswith("6 problems (6 warnings) in 1 file\n")
    assert json.loads((project / "a.sarif").read_text())["runs"][0]["results"]


def test_statistics_and_a_machine_format_cannot_share_standard_output(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--statistics", "-f", "json", "openapi.yaml"], project)
    assert outcome.exit_code == 2
    assert "--statistics takes standard output; write json to a file with --output json=FILE" in outcome.stderr
