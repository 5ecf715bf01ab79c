"""Standards from the command line: --standard, apilint standards / standard, apilint conformance.

A demo standard is installed by a plugin registered for the test, through the same hook the
shipped standards use.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint import StandardSource, hookimpl
from apilint.plugin_host import PluginHost
from tests.unit.standards.test_standards import RULESET, STANDARD

API = """\
openapi: 3.0.3
info: {title: Orders, version: '1'}
paths:
  /orders/: {}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for version, status in (("1.0.0", "adopted"), ("2.0.0", "draft")):
        folder = tmp_path / "standards" / "demo" / version
        folder.mkdir(parents=True)
        (folder / "standard.yaml").write_text(STANDARD.format(version=version, status=status))
        (folder / "ruleset.yaml").write_text(RULESET)
    (tmp_path / "api.yaml").write_text(API)

    class DemoStandards:
        @hookimpl
        def apilint_register_standards(self, register):  # type: ignore[no-untyped-def]
            for folder in sorted((tmp_path / "standards" / "demo").iterdir()):
                register(StandardSource(str(folder)))

    original = PluginHost.load_entry_points

    def load_with_demo(self: PluginHost, disabled: tuple[str, ...] = ()) -> None:
        original(self, disabled)
        self.register(DemoStandards(), "demo-standards")

    monkeypatch.setattr(PluginHost, "load_entry_points", load_with_demo)
    return tmp_path


def test_standards_lists_every_version(run_cli, project: Path) -> None:
    listing = json.loads(run_cli(["standards", "--json"], project).stdout)["standards"]
    assert [(item["id"], item["version"], item["status"]) for item in listing if item["id"] == "demo"] == [
        ("demo", "1.0.0", "adopted"), ("demo", "2.0.0", "draft")]


def test_standard_shows_clauses_with_their_rules(run_cli, project: Path) -> None:
    outcome = run_cli(["standard", "demo"], project)
    assert outcome.exit_code == 0
    assert "Demo API rules 1.0.0 (adopted, 2026-01-01)" in outcome.stdout
    assert "/paths/no-trailing-slash  [MUST, checked]" in outcome.stdout
    assert "rules: demo:no-trailing-slash" in outcome.stdout
    assert "/process/changelog  [MUST, not checkable]" in outcome.stdout


def test_lint_with_a_standard_names_the_clause(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--standard", "demo@2", "api.yaml"], project)
    assert outcome.exit_code == 1
    assert "error demo:no-trailing-slash" in outcome.stdout and "[/paths/no-trailing-slash]" in outcome.stdout
    assert "info-description" not in outcome.stdout  # only the standard's rules run


def test_the_configuration_can_name_standards(run_cli, project: Path) -> None:
    (project / ".apilint.yaml").write_text("standards: [demo]\n")
    assert "[/paths/no-trailing-slash]" in run_cli(["lint", "api.yaml"], project).stdout


def test_an_unknown_standard_is_one_error_line(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "-s", "nope", "api.yaml"], project)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: bad standard: unknown standard 'nope' (installed: demo")
    assert len(outcome.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("output_format", ["text", "markdown", "json", "html"])
def test_conformance_report(run_cli, project: Path, output_format: str) -> None:
    outcome = run_cli(["conformance", "-s", "demo", "-f", output_format, "-o", "report.out", "api.yaml"], project)
    assert outcome.exit_code == 1, outcome.stderr  # a MUST clause is not met
    text = (project / "report.out").read_text()
    assert "MUST clauses: 0 of 1 met" in text or '"met": 0' in text
    (project / "api.yaml").write_text(API.replace("/orders/", "/orders"))
    assert run_cli(["conformance", "-s", "demo", "-f", output_format, "api.yaml"], project).exit_code == 0


def test_conformance_ignores_a_configuration_that_turns_rules_off(run_cli, project: Path) -> None:
    rule_id = next(line.split()[2] for line in run_cli(["lint", "-s", "demo", "api.yaml"], project).stdout.splitlines()
                   if line.startswith("api.yaml:"))
    (project / ".apilint.yaml").write_text(f"standards: [demo]\nrules:\n  {rule_id}: off\n")
    assert rule_id not in run_cli(["lint", "api.yaml"], project).stdout
    assert run_cli(["conformance", "-s", "demo", "api.yaml"], project).exit_code == 1


@pytest.mark.parametrize(("text", "words"), [
    ("openapi: 3.0.3\ninfo: [broken\n", "could not be read as an OpenAPI document (api.yaml:3:1: expected"),
    ("openapi: 9.0.0\ninfo: {title: t, version: '1'}\n", "could not be read as an OpenAPI document"),
])
def test_conformance_refuses_a_document_it_cannot_read(run_cli, project: Path, text: str, words: str) -> None:
    (project / "api.yaml").write_text(text)
    outcome = run_cli(["conformance", "-s", "demo", "api.yaml"], project)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert words in outcome.stderr and len(outcome.stderr.strip().splitlines()) == 1
