"""The ``oas`` ruleset from the command line: the default, its tiers, its other name, its documentation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# No license (info-license is in the `all` tier only) and no description (recommended).
API = """\
openapi: 3.0.3
info:
  title: Orders
  version: '1'
  contact: {name: Team}
servers:
  - url: https://api.example.org
paths: {}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "api.yaml").write_text(API)
    return tmp_path


def rules_found(outcome_stdout: str) -> set[str]:
    return {finding["rule"] for finding in json.loads(outcome_stdout)["findings"]}


def test_without_a_ruleset_the_recommended_rules_run(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-f", "json", "api.yaml"], project)
    assert rules_found(outcome.stdout) == {"info-description"}


@pytest.mark.parametrize("name", ["oas", "spectral:oas"])
def test_extends_all_turns_on_every_rule(run_cli, project: Path, name: str) -> None:
    (project / ".spectral.yaml").write_text(json.dumps({"extends": [[name, "all"]]}))
    outcome = run_cli(["lint", "-f", "json", "api.yaml"], project)
    assert rules_found(outcome.stdout) == {"info-description", "info-license", "license-url", "openapi-tags",
                                           "contact-properties"}


def test_extends_off_then_one_rule_by_name(run_cli, project: Path) -> None:
    (project / ".spectral.yaml").write_text("extends: [[spectral:oas, off]]\nrules:\n  info-license: error\n")
    outcome = run_cli(["lint", "-f", "json", "api.yaml"], project)
    assert outcome.exit_code == 1
    assert rules_found(outcome.stdout) == {"info-license"}


def test_a_python_rule_of_the_ruleset_can_be_turned_off(run_cli, project: Path) -> None:
    (project / "api.yaml").write_text(API.replace("  version: '1'\n", ""))
    assert "oas3-schema" in rules_found(run_cli(["lint", "-f", "json", "api.yaml"], project).stdout)
    (project / ".spectral.yaml").write_text("extends: oas\nrules:\n  oas3-schema: off\n")
    assert "oas3-schema" not in rules_found(run_cli(["lint", "-f", "json", "api.yaml"], project).stdout)


def test_rule_pages_come_from_the_ruleset(run_cli, project: Path) -> None:
    outcome = run_cli(["rule", "operation-tags"], project)
    assert outcome.exit_code == 0
    assert "Recommended:     yes" in outcome.stdout and "From:            oas" in outcome.stdout
    assert "Bad:" in outcome.stdout and "Good:" in outcome.stdout
    # A rule of the `all` tier is documented too.
    assert "Recommended:     no" in run_cli(["rule", "info-license"], project).stdout
