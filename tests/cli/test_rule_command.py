"""``apilint rule ID`` and the generated rule pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path


def test_rule_prints_the_documentation_from_metadata(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["rule", "invalid-ref"], tmp_path)
    assert outcome.exit_code == 0
    lines = outcome.stdout.splitlines()
    assert lines[0] == "invalid-ref"
    assert "Severity:        error" in lines and "From:            core" in lines
    assert "Every $ref must resolve." in outcome.stdout
    assert "Bad:" in outcome.stdout and "Good:" in outcome.stdout


def test_rule_as_markdown_and_from_a_ruleset(run_cli, tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(
        "documentationUrl: https://example.gov/rules\n"
        "rules:\n  info-description:\n    description: The API is described. People read it first.\n"
        "    given: $.info\n    then: {field: description, function: truthy}\n")
    outcome = run_cli(["rule", "--markdown", "-r", "r.yaml", "info-description"], tmp_path)
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("# info-description\n")
    assert "| From | r.yaml |" in outcome.stdout
    assert "[Documentation](https://example.gov/rules#info-description)" in outcome.stdout


def test_an_unknown_rule_suggests_close_names(run_cli, tmp_path: Path) -> None:
    outcome = run_cli(["rule", "oas3-shema"], tmp_path)
    assert outcome.exit_code == 2
    assert "unknown rule 'oas3-shema'; did you mean oas3-schema" in outcome.stderr


def test_the_rule_pages_in_docs_are_current(repo: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_rule_pages", repo / "docs" / "generate_rule_pages.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    wanted = generator.pages()
    written = {path.name: path.read_text(encoding="utf-8") for path in (repo / "docs" / "rules").glob("*.md")}
    assert written == wanted, "run: python docs/generate_rule_pages.py"


def test_the_standard_pages_in_docs_are_current(repo: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_standard_pages",
                                                  repo / "docs" / "generate_standard_pages.py")
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    wanted = generator.pages()
    written = {path.name: path.read_text(encoding="utf-8") for path in (repo / "docs" / "standard-packs").glob("*.md")}
    assert written == wanted, "run: python docs/generate_standard_pages.py"
