"""Rulesets and configurations that are broken or hostile: one error line with the place, or a bounded run."""

from __future__ import annotations

from pathlib import Path

import pytest

API = "openapi: 3.1.0\ninfo: {title: T, version: 1.0.0}\npaths: {}\n"


@pytest.mark.parametrize(("name", "text", "complaint"), [
    ("broken.yaml", "rules: [\n", "bad ruleset: broken.yaml:2:1: "),
    ("schema.yaml",
     "rules:\n  x:\n    given: $.info\n    then: {function: schema, functionOptions: {schema: {type: 12}}}\n",
     "bad ruleset: schema.yaml:4:30: rule 'x': invalid options for 'schema' at 'schema/type'"),
    ("tag.yaml", "rules: !!python/object/apply:os.system [touch PWNED]\n", "bad ruleset: tag.yaml:1:"),
    ("js.yaml", "functionsDir: ./functions\nfunctions: [evil]\nrules: {}\n", "bad ruleset: js.yaml:1:"),
])
def test_a_ruleset_that_cannot_be_used_is_one_error_line_with_its_place(run_cli, tmp_path: Path, name: str,
                                                                        text: str, complaint: str) -> None:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / name).write_text(text)
    outcome = run_cli(["lint", "-r", name, "api.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(f"apilint: error: {complaint}") and outcome.stderr.count("\n") == 1
    assert outcome.stdout == ""
    assert not (tmp_path / "PWNED").exists()


def test_rulesets_that_extend_themselves_and_each_other_load_once_each(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "a.yaml").write_text("extends: [./a.yaml, ./b.yaml]\nrules:\n  a-rule:\n    given: $.info\n"
                                     "    then: {field: description, function: truthy}\n")
    (tmp_path / "b.yaml").write_text("extends: [./a.yaml]\nrules:\n  b-rule:\n    given: $.info\n"
                                     "    then: {field: contact, function: truthy}\n")
    outcome = run_cli(["lint", "-r", "a.yaml", "api.yaml"], tmp_path)
    assert outcome.exit_code == 0
    assert [line.split()[2] for line in outcome.stdout.splitlines() if line.startswith("api.yaml:")] == [
        "a-rule", "b-rule"]


def test_a_configuration_with_an_unsafe_tag_constructs_nothing(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / ".apilint.yaml").write_text("fail-level: !!python/object/apply:os.system [touch PWNED]\n")
    outcome = run_cli(["lint", "api.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: bad configuration: .apilint.yaml:1")
    assert not (tmp_path / "PWNED").exists()
