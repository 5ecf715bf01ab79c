"""The engine: rules run in isolation, findings are located, de-duplicated and sorted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apilint.diagnostics import CORE_RULES
from apilint.engine import Linter
from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.rules import Rule, rule
from apilint.severity import Severity
from apilint.workspace import Workspace


@rule(id="title-required", severity="warn", summary="Info must have a title.", description="Why.")
def title_required(ctx: RuleContext) -> Iterator[Violation]:
    if "title" not in ctx.data.get("info", {}):
        yield ctx.violation("/info", "info has no title")


@rule(id="schema-descriptions", severity="info", summary="Schemas have descriptions.", description="Why.")
def schema_descriptions(ctx: RuleContext) -> Iterator[Violation]:
    for name, node in ctx.index.schemas.items():
        target = ctx.follow(node)
        if isinstance(target.value, dict) and "description" not in target.value:
            yield ctx.violation(target.pointer, f"schema {name} has no description", target.document)


@rule(id="explodes", severity="error", summary="Always fails.", description="Why.")
def explodes(ctx: RuleContext) -> Iterator[Violation]:
    raise RuntimeError("boom")
    yield  # pragma: no cover


@rule(id="garbage", severity="error", summary="Returns junk.", description="Why.")
def garbage(ctx: RuleContext) -> Iterator[Violation]:
    yield "not a violation"  # type: ignore[misc]


def make_linter(tmp_path: Path, *rules: Rule) -> tuple[Linter, Workspace]:
    workspace = Workspace(tmp_path, cwd=tmp_path)
    return Linter([*CORE_RULES, *rules], workspace, tmp_path), workspace


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\n"
        "info:\n"
        "  version: '1'\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Pet:\n"
        "      $ref: 'models.yaml#/Pet'\n"
    )
    (tmp_path / "models.yaml").write_text("Pet:\n  type: object\n")
    return tmp_path


def test_violations_become_located_findings(project: Path) -> None:
    linter, workspace = make_linter(project, title_required)
    linter.lint(workspace.read_file(project / "api.yaml"))
    [finding] = linter.findings
    assert (finding.rule_id, finding.severity, finding.path, finding.pointer) == (
        "title-required", Severity.WARN, "api.yaml", "/info")
    assert (finding.span.start_line, finding.span.start_column) == (2, 1)
    assert len(finding.fingerprint) == 32


def test_a_violation_in_a_referenced_file_is_located_in_that_file(project: Path) -> None:
    linter, workspace = make_linter(project, schema_descriptions)
    linter.lint(workspace.read_file(project / "api.yaml"))
    [finding] = linter.findings
    assert finding.path == "models.yaml"
    assert finding.pointer == "/Pet"
    assert (finding.span.start_line, finding.span.start_column) == (1, 1)


def test_a_rule_that_raises_is_a_tool_error_and_the_others_still_run(project: Path) -> None:
    linter, workspace = make_linter(project, explodes.with_source("my-plugin"), title_required)
    linter.lint(workspace.read_file(project / "api.yaml"))
    assert [finding.rule_id for finding in linter.findings] == ["title-required"]
    [error] = linter.tool_errors
    assert error.rule_id == "explodes" and error.plugin == "my-plugin"
    assert "RuntimeError: boom" in error.message and "api.yaml" in error.message


def test_a_rule_that_yields_garbage_is_a_tool_error(project: Path) -> None:
    linter, workspace = make_linter(project, garbage)
    linter.lint(workspace.read_file(project / "api.yaml"))
    assert not linter.findings
    assert "yielded str, not a Violation" in linter.tool_errors[0].message


def test_shared_files_are_reported_once_for_many_roots(project: Path) -> None:
    (project / "second.yaml").write_text((project / "api.yaml").read_text())
    linter, workspace = make_linter(project, schema_descriptions)
    linter.lint(workspace.read_file(project / "api.yaml"))
    linter.lint(workspace.read_file(project / "second.yaml"))
    assert [(f.path, f.pointer) for f in linter.findings] == [("models.yaml", "/Pet")]


def test_broken_references_and_broken_referenced_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  schemas:\n"
        "    A: {$ref: '#/components/schemas/Missing'}\n"
        "    B: {$ref: 'broken.yaml#/B'}\n"
        "    C: {$ref: 'loop.yaml#/C'}\n"
        "    D: {example: {$ref: 'not-a-reference'}}\n"
    )
    (tmp_path / "broken.yaml").write_text("B: [unclosed\n")
    (tmp_path / "loop.yaml").write_text("C: {$ref: 'api.yaml#/components/schemas/C'}\n")
    linter, workspace = make_linter(tmp_path)
    linter.lint(workspace.read_file(tmp_path / "api.yaml"))
    got = [(f.rule_id, f.path, f.pointer, f.span.start_line) for f in linter.findings]
    assert got == [
        ("invalid-ref", "api.yaml", "/components/schemas/A/$ref", 5),
        ("invalid-ref", "api.yaml", "/components/schemas/B/$ref", 6),
        ("syntax-error", "broken.yaml", "", 2),
    ]


def test_unknown_versions_are_reported_and_rules_skipped(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 4.0.0\ninfo: {}\n")
    linter, workspace = make_linter(tmp_path, title_required)
    linter.lint(workspace.read_file(tmp_path / "api.yaml"))
    [finding] = linter.findings
    assert finding.rule_id == "unknown-openapi-version" and finding.pointer == "/openapi"
    assert "4.0.0" in finding.message


def test_rules_limited_to_a_format_skip_other_versions(tmp_path: Path) -> None:
    only_v2 = Rule(id="v2-only", severity=Severity.ERROR, summary="s", description="d",
                   check=lambda ctx: [Violation("", "x")], formats=frozenset({"oas2"}))
    (tmp_path / "v3.yaml").write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n")
    (tmp_path / "v2.yaml").write_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\n")
    linter, workspace = make_linter(tmp_path, only_v2)
    linter.lint(workspace.read_file(tmp_path / "v3.yaml"))
    linter.lint(workspace.read_file(tmp_path / "v2.yaml"))
    assert [f.path for f in linter.findings] == ["v2.yaml"]


def test_findings_are_sorted_by_file_and_position(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\na: 1\na: 2\n")
    (tmp_path / "a.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\n")
    linter, workspace = make_linter(tmp_path, title_required)
    linter.lint(workspace.read_file(tmp_path / "b.yaml"))
    linter.lint(workspace.read_file(tmp_path / "a.yaml"))
    assert [(f.path, f.span.start_line, f.rule_id) for f in linter.findings] == [
        ("a.yaml", 2, "title-required"), ("b.yaml", 2, "title-required"), ("b.yaml", 4, "duplicate-key")]


def test_fingerprints_do_not_depend_on_lines(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\n")
    linter, workspace = make_linter(tmp_path, title_required)
    linter.lint(workspace.read_file(tmp_path / "api.yaml"))
    before = linter.findings[0].fingerprint
    (tmp_path / "api.yaml").write_text("# a comment\n\nopenapi: 3.1.0\ninfo:\n  version: '1'\n")
    linter, workspace = make_linter(tmp_path, title_required)
    linter.lint(workspace.read_file(tmp_path / "api.yaml"))
    assert linter.findings[0].fingerprint == before
