"""Rulesets from the command line: --ruleset, .spectral.yaml discovery, apilint rules, bad rulesets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RULESET = """\
rules:
  info-description:
    description: The API is described.
    severity: error
    given: $.info
    then: {field: description, function: truthy}
"""
API = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "rules.yaml").write_text(RULESET)
    (tmp_path / "api.yaml").write_text(API)
    return tmp_path


def test_ruleset_option(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--ruleset", "rules.yaml", "api.yaml"], project)
    assert outcome.exit_code == 1
    assert "api.yaml:2:1: error info-description The API is described." in outcome.stdout
    # Only what the ruleset selects runs (and the core's own checks).
    assert "oas3-schema" not in outcome.stdout


def test_spectral_file_next_to_the_document_is_used(run_cli, project: Path) -> None:
    (project / "specs").mkdir()
    (project / "specs" / "api.yaml").write_text(API)
    (project / "specs" / ".spectral.yaml").write_text(RULESET.replace("severity: error", "severity: hint"))
    outcome = run_cli(["lint", "specs/api.yaml", "api.yaml"], project)
    assert "specs/api.yaml:2:1: hint info-description" in outcome.stdout
    # The other document has no ruleset nearby: the default rules run on it.
    assert "api.yaml:2:1: hint" not in outcome.stdout.replace("specs/api.yaml", "")


def test_ruleset_option_wins_over_a_spectral_file(run_cli, project: Path) -> None:
    (project / ".spectral.yaml").write_text("rules: {}\n")
    outcome = run_cli(["lint", "-r", "rules.yaml", "api.yaml"], project)
    assert "info-description" in outcome.stdout


def test_rules_command_lists_effective_rules(run_cli, project: Path) -> None:
    outcome = run_cli(["rules", "--ruleset", "rules.yaml", "--json"], project)
    assert outcome.exit_code == 0
    listing = {rule["id"]: rule for rule in json.loads(outcome.stdout)["rules"]}
    assert listing["info-description"]["severity"] == "error"
    assert listing["info-description"]["source"] == "rules.yaml"
    assert "syntax-error" in listing and "oas3-schema" not in listing
    defaults = {rule["id"]: rule for rule in json.loads(run_cli(["rules", "--json"], project).stdout)["rules"]}
    assert defaults["oas3-schema"]["enabled"] and defaults["info-description"]["source"] == "oas"
    assert "info-license" not in defaults  # not a recommended rule of the oas ruleset
    listing_all = json.loads(run_cli(["rules", "--all", "--json"], project).stdout)["rules"]
    everything = {rule["id"]: rule for rule in listing_all}
    assert everything["info-license"]["enabled"] is False and everything["info-description"]["enabled"]


@pytest.mark.parametrize(
    ("ruleset", "words"),
    [
        ("rules:\n  x:\n    given: $.info\n    then: {function: isCool}\n", "rules.yaml:4:"),
        ("rules:\n  x:\n    given: '$.info[?(@.x ==)]'\n    then: {function: truthy}\n", "invalid JSONPath"),
        ("extends: ./rules.js\n", "JavaScript rulesets cannot run"),
    ],
)
def test_a_bad_ruleset_is_one_error_line_and_exit_2(run_cli, project: Path, ruleset: str, words: str) -> None:
    (project / "rules.yaml").write_text(ruleset)
    outcome = run_cli(["lint", "-r", "rules.yaml", "api.yaml"], project)
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.startswith("apilint: error: bad ruleset: ") and words in outcome.stderr
    assert outcome.stderr.count("\n") == 1


def test_the_example_ruleset_runs_end_to_end(run_cli, repo: Path) -> None:
    outcome = run_cli(["lint", "-f", "json", "-r", "examples/rulesets/public-sector-api.yaml", "examples/"], repo)
    findings = json.loads(outcome.stdout)["findings"]
    got = {(f["rule"], f["file"], f["pointer"]) for f in findings}
    assert ("api-contact", "examples/multi-file/openapi.yaml", "/info") in got
    assert ("operation-summary", "examples/multi-file/paths/books.yaml", "/get") in got
    assert all(f["rule"] not in {"oas3-schema", "oas2-schema"} for f in findings)
