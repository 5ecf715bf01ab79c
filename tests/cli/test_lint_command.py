"""``apilint lint``: options, exit codes, inputs and outputs, through the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from apilint import __version__

# Clean for the default rules too: described, with a contact and a server.
CLEAN = ("openapi: 3.1.0\ninfo:\n  title: T\n  version: '1'\n  description: An API.\n  contact: {name: Team}\n"
         "servers:\n  - url: https://api.example.org\npaths: {}\n")
NO_VERSION = "openapi: 3.1.0\ninfo:\n  title: T\npaths: {}\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warn|info|hint) "
                  r"(?P<rule>[a-z0-9:$._-]+) (?P<message>.+)$")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "clean.yaml").write_text(CLEAN)
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "api.yaml").write_text(NO_VERSION)
    (tmp_path / "broken" / "config.yaml").write_text("not: an openapi document\n")
    return tmp_path


def test_version(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["--version"], tmp_path)
    assert outcome.exit_code == 0 and outcome.stdout.strip() == f"apilint {__version__}"


def test_help_explains_every_option(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["lint", "--help"], tmp_path)
    assert outcome.exit_code == 0
    for option in ("--format", "--output", "--fail-level", "--color", "--root", "--allow-remote-refs",
                   "--max-file-size", "--stdin-filename", "--ruleset", "--config", "--disable-plugin", "--quiet"):
        assert option in outcome.stdout


def test_a_clean_document_exits_0(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "clean.yaml"], project)
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert "No problems" in outcome.stdout


def test_findings_exit_1_one_line_each_relative_to_the_working_directory(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", str(project / "broken" / "api.yaml")], project)
    assert outcome.exit_code == 1
    matches = [match for line in outcome.stdout.splitlines() if (match := LINE.match(line))]
    assert matches and {match["path"] for match in matches} == {"broken/api.yaml"}
    structure = [match for match in matches if match["rule"] == "oas3-schema"]
    assert len(structure) == 1 and "version" in structure[0]["message"]


def test_folders_lint_only_openapi_documents(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "."], project)
    assert outcome.exit_code == 1
    paths = {LINE.match(line)["path"] for line in outcome.stdout.splitlines() if LINE.match(line)}
    assert paths == {"broken/api.yaml"}
    assert "2 files" in outcome.stdout
    assert "config.yaml" not in outcome.stdout + outcome.stderr


def test_a_named_file_that_is_not_openapi_gets_a_note(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "broken/config.yaml"], project)
    assert outcome.exit_code == 0
    assert "broken/config.yaml is not an OpenAPI document" in outcome.stderr
    assert run_cli(["lint", "-q", "broken/config.yaml"], project).stderr == ""


@pytest.mark.parametrize(("level", "code"), [("error", 0), ("warn", 1), ("hint", 1)])
def test_fail_level(run_cli, tmp_path: Path, level: str, code: int) -> None:
    # A second YAML document is a warning, nothing more.
    (tmp_path / "api.yaml").write_text(CLEAN + "---\nmore: 1\n")
    outcome = run_cli(["lint", "--fail-level", level, "api.yaml"], tmp_path)
    assert outcome.exit_code == code
    assert "multiple-documents" in outcome.stdout


def test_standard_input(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["lint", "-"], tmp_path, stdin=NO_VERSION.encode())
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("<stdin>:")
    outcome = run_cli(["lint", "--stdin-filename", "api.json", "-"], tmp_path, stdin=b'{"openapi": "3.1.0",')
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("api.json:1:21: error syntax-error")


def test_output_file_is_written_whole(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-f", "json", "-o", "report.json", "broken"], project)
    assert outcome.exit_code == 1 and outcome.stdout == ""
    report = json.loads((project / "report.json").read_text())
    assert report["version"] == 1 and report["findings"]
    assert [p.name for p in project.iterdir() if p.name.startswith(".report")] == []


def test_an_unwritable_output_is_one_error_line_and_leaves_nothing(run_cli, project: Path) -> None:
    before = sorted(project.rglob("*"))
    outcome = run_cli(["lint", "-o", "clean.yaml/reports/report.txt", "clean.yaml"], project)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: cannot write") and outcome.stderr.count("\n") == 1
    assert sorted(project.rglob("*")) == before


def test_the_folders_of_an_output_file_are_made(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-o", "reports/lint/report.txt", "clean.yaml"], project)
    assert outcome.exit_code == 0
    assert (project / "reports" / "lint" / "report.txt").read_text().startswith("No problems found")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["lint", "missing.yaml"], "no such file or directory: missing.yaml"),
        (["lint", "-f", "xml", "clean.yaml"], "unknown format 'xml'; available formats:"),
        (["lint", "--max-file-size", "lots", "clean.yaml"], "is not a size"),
        (["lint", "--fail-level", "fatal", "clean.yaml"], "fatal"),
        (["lint"], "Missing argument"),
    ],
)
def test_usage_errors_exit_2(run_cli, project: Path, args: list[str], words: str) -> None:
    outcome = run_cli(args, project)
    assert outcome.exit_code == 2
    assert words in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_colour_only_when_asked_or_on_a_terminal(run_cli, project: Path) -> None:
    coloured = run_cli(["lint", "--color", "always", "broken"], project)
    assert "\x1b[" in coloured.stdout
    plain = run_cli(["lint", "broken"], project)  # not a terminal under the test runner
    assert "\x1b[" not in plain.stdout
    no_color = run_cli(["lint", "--color", "auto", "broken"], project, env={"NO_COLOR": "1"})
    assert "\x1b[" not in no_color.stdout


def test_file_too_large(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--max-file-size", "10", "clean.yaml"], project)
    assert outcome.exit_code == 1
    assert "unreadable-file" in outcome.stdout and "larger than the limit" in outcome.stdout


def test_refs_outside_the_root_are_reported_and_root_widens_it(run_cli, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "shared.yaml").write_text("Thing: {type: string}\n")
    (project / "api.yaml").write_text(
        CLEAN.replace("paths: {}\n", "paths: {}\ncomponents:\n  schemas:\n    T: {$ref: '../shared.yaml#/Thing'}\n"))
    outcome = run_cli(["lint", "api.yaml"], project)
    assert "ref-not-followed" in outcome.stdout and "--root" in outcome.stdout
    assert outcome.exit_code == 0  # not following a reference is a warning
    widened = run_cli(["lint", "--root", "..", "api.yaml"], project)
    assert "ref-not-followed" not in widened.stdout


def test_plugins_command_lists_sources_and_contributions(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["plugins", "--json"], tmp_path)
    assert outcome.exit_code == 0
    listing = {entry["name"]: entry for entry in json.loads(outcome.stdout)["plugins"]}
    assert {"core", "oas", "reporters"} <= set(listing)
    assert "oas3-schema" in listing["oas"]["rules"]
    assert {"text", "json", "sarif"} <= set(listing["reporters"]["formats"])
    human = run_cli(["plugins"], tmp_path).stdout
    assert "oas (apilint " in human and "oas2-schema" in human
