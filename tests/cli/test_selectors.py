"""``--select``, ``--extend-select`` and ``--ignore``: by rule, ruleset, standard and clause."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"
API = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get: {responses: {'200': {description: ok}}}
"""


def rule_ids(stdout: str) -> set[str]:
    return {line.split()[2] for line in stdout.splitlines() if line.count(":") >= 3 and len(line.split()) > 2}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "api.yaml").write_text(API)
    return tmp_path


@pytest.fixture
def dutch(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "standards" / "nl-adr" / "openapi.yaml", tmp_path / "openapi.yaml")
    return tmp_path


def test_select_runs_only_the_rules_it_names(run_cli, project: Path) -> None:
    everything = rule_ids(run_cli(["lint", "api.yaml"], project).stdout)
    assert {"info-contact", "info-description", "operation-tags"} <= everything
    chosen = run_cli(["lint", "api.yaml", "--select", "info-contact,operation-tags"], project)
    assert rule_ids(chosen.stdout) == {"info-contact", "operation-tags"}


def test_extend_select_takes_in_a_rule_that_is_not_recommended(run_cli, project: Path) -> None:
    assert "operation-summary" not in rule_ids(run_cli(["lint", "api.yaml"], project).stdout)
    extended = rule_ids(run_cli(["lint", "api.yaml", "--extend-select", "operation-summary"], project).stdout)
    assert "operation-summary" in extended and "info-contact" in extended


def test_ignore_wins_over_select_and_a_group_name_ignores_all_its_rules(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "api.yaml", "--select", "oas", "--ignore", "info-contact", "--ignore",
                       "operation-tags"], project)
    found = rule_ids(outcome.stdout)
    assert "info-description" in found and not {"info-contact", "operation-tags"} & found
    assert rule_ids(run_cli(["lint", "api.yaml", "--ignore", "oas"], project).stdout) == set()


def test_selecting_a_standard_loads_it_and_runs_its_rules_alone(run_cli, dutch: Path) -> None:
    outcome = run_cli(["lint", "openapi.yaml", "--select", "nl-adr"], dutch)
    found = rule_ids(outcome.stdout)
    assert found and all(rule.startswith("nlgov:") for rule in found)
    assert "nlgov:servers-use-https" in found


def test_clauses_select_the_rules_that_encode_them(run_cli, dutch: Path) -> None:
    outcome = run_cli(["lint", "openapi.yaml", "-s", "nl-adr", "--select",
                       "/core/transport/tls,nl-adr:/core/version-header"], dutch)
    assert rule_ids(outcome.stdout) == {"nlgov:servers-use-https", "nlgov:missing-version-header"}


def test_the_core_rules_stay_on_under_select(run_cli, project: Path) -> None:
    (project / "api.yaml").write_text("openapi: 3.1.0\ninfo: [unclosed\n")
    outcome = run_cli(["lint", "api.yaml", "--select", "info-contact"], project)
    assert outcome.exit_code == 1 and "syntax-error" in rule_ids(outcome.stdout)


def test_the_command_line_beats_the_configuration(run_cli, project: Path) -> None:
    (project / ".apilint.yaml").write_text("rules:\n  info-contact: off\n")
    assert "info-contact" not in rule_ids(run_cli(["lint", "api.yaml"], project).stdout)
    assert "info-contact" in rule_ids(run_cli(["lint", "api.yaml", "--extend-select", "info-contact"],
                                              project).stdout)


def test_rules_command_lists_what_selectors_leave(run_cli, project: Path) -> None:
    listed = {line.split()[0]: line.split()[2] for line in
              run_cli(["rules", "--select", "info-contact"], project).stdout.splitlines()}
    assert listed["info-contact"] == "oas" and "operation-tags" not in listed
    assert {source for source in listed.values()} == {"oas", "core"}


@pytest.mark.parametrize(("selector", "hint"), [("info-contatc", "did you mean info-contact"),
                                                ("nl-adrr", "did you mean nl-adr")])
def test_a_selector_matching_nothing_is_one_error_line(run_cli, project: Path, selector: str, hint: str) -> None:
    outcome = run_cli(["lint", "api.yaml", "--select", selector], project)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert outcome.stderr.startswith(f"apilint: error: bad selector: '{selector}' matches no rule")
    assert hint in outcome.stderr and outcome.stderr.count("\n") == 1
