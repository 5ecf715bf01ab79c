"""Configuration files: discovery by walking up, the ruleset key, precedence, and bad configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

RULESET = """\
rules:
  needs-description:
    description: The API is described.
    given: $.info
    then: {field: description, function: truthy}
"""
API = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    for team in ("alpha", "beta"):
        (tmp_path / team / "specs").mkdir(parents=True)
        (tmp_path / team / "specs" / "api.yaml").write_text(API)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.yaml").write_text(RULESET)
    (tmp_path / "alpha" / ".apilint.yaml").write_text("ruleset: ../rules/house.yaml\n")
    return tmp_path


def test_the_nearest_configuration_applies_to_each_document(run_cli, monorepo: Path) -> None:
    outcome = run_cli(["lint", "alpha", "beta"], monorepo)
    assert "alpha/specs/api.yaml:2:1: warn needs-description" in outcome.stdout
    # beta has no configuration: the house rule does not run there, the default rules do.
    beta = [line for line in outcome.stdout.splitlines() if line.startswith("beta/")]
    assert beta and not [line for line in beta if "needs-description" in line]
    assert "beta/specs/api.yaml:2:1: warn info-description" in outcome.stdout


def test_pyproject_tables_count_only_when_present(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / "pyproject.toml").write_text('[project]\nname = "beta"\n')
    (monorepo / "pyproject.toml").write_text('[tool.apilint]\nruleset = "rules/house.yaml"\n')
    outcome = run_cli(["lint", "beta"], monorepo)
    assert "beta/specs/api.yaml:2:1: warn needs-description" in outcome.stdout


def test_command_line_beats_configuration_beats_spectral_file(run_cli, monorepo: Path) -> None:
    (monorepo / "alpha" / "specs" / ".spectral.yaml").write_text("rules: {}\n")
    configured = run_cli(["lint", "alpha"], monorepo)
    assert "needs-description" in configured.stdout
    (monorepo / "other.yaml").write_text(RULESET.replace("needs-description", "other-rule"))
    from_cli = run_cli(["lint", "-r", "other.yaml", "alpha"], monorepo)
    assert "other-rule" in from_cli.stdout and "needs-description" not in from_cli.stdout


def test_config_option_names_one_for_every_document(run_cli, monorepo: Path) -> None:
    (monorepo / "ci.yaml").write_text("ruleset: rules/house.yaml\n")
    outcome = run_cli(["lint", "--config", "ci.yaml", "beta"], monorepo)
    assert "beta/specs/api.yaml:2:1: warn needs-description" in outcome.stdout


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (".apilint.yaml", "rulesets: x.yaml\n", ".apilint.yaml:1: unknown key 'rulesets'"),
        (".apilint.yaml", "ruleset: [1, 2]\n", "'ruleset' must be"),
        (".apilint.yaml", "ruleset: [unclosed\n", ".apilint.yaml:2:"),
        ("pyproject.toml", '[tool.apilint]\nname = "x"\nfail = 1\n', "pyproject.toml:2: unknown key 'name'"),
        ("pyproject.toml", "[tool.apilint\n", "is not valid TOML"),
    ],
)
def test_a_bad_configuration_is_one_error_line(run_cli, monorepo: Path, name: str, content: str, words: str) -> None:
    (monorepo / "beta" / name).write_text(content)
    outcome = run_cli(["lint", "beta"], monorepo)
    if name == "pyproject.toml" and "TOML" in words:
        # A pyproject.toml that does not parse has no [tool.apilint] table to find; --config names it.
        outcome = run_cli(["lint", "--config", f"beta/{name}", "beta"], monorepo)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: bad configuration: ")
    assert words in outcome.stderr and outcome.stderr.count("\n") == 1
