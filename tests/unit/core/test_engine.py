"""The engine: rules run in isolation, findings are located, de-duplicated and sorted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from apilint.diagnostics import CORE_RULES
from apilint.engine import Linter
from apilint.findings import Finding, Violation
from apilint.linting_context import RuleContext
from apilint.rules import Rule, rule
from apilint.selection import RuleSelection
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


class Harness:
    """A linter, its workspace, and a selection of the core rules plus the rules given."""

    def __init__(self, tmp_path: Path, *rules: Rule) -> None:
        self.workspace = Workspace(tmp_path, cwd=tmp_path)
        self.linter = Linter(self.workspace, tmp_path)
        self.selection = RuleSelection(rules={rule.id: rule for rule in (*CORE_RULES, *rules)})
        self.root = tmp_path

    def lint(self, *names: str) -> None:
        for name in names:
            self.linter.lint(self.workspace.read_file(self.root / name), self.selection)

    @property
    def findings(self) -> list[Finding]:
        return self.linter.findings


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
    harness = Harness(project, title_required)
    harness.lint("api.yaml")
    [finding] = harness.findings
    assert (finding.rule_id, finding.severity, finding.path, finding.pointer) == (
        "title-required", Severity.WARN, "api.yaml", "/info")
    assert (finding.span.start_line, finding.span.start_column) == (2, 1)
    assert len(finding.fingerprint) == 32


def test_a_violation_in_a_referenced_file_is_located_in_that_file(project: Path) -> None:
    harness = Harness(project, schema_descriptions)
    harness.lint("api.yaml")
    [finding] = harness.findings
    assert finding.path == "models.yaml"
    assert finding.pointer == "/Pet"
    assert (finding.span.start_line, finding.span.start_column) == (1, 1)


def test_a_rule_that_raises_is_a_tool_error_and_the_others_still_run(project: Path) -> None:
    harness = Harness(project, explodes.with_source("my-plugin"), title_required)
    harness.lint("api.yaml")
    assert [finding.rule_id for finding in harness.findings] == ["title-required"]
    [error] = harness.linter.tool_errors
    assert error.rule_id == "explodes" and error.plugin == "my-plugin"
    assert "RuntimeError: boom" in error.message and "api.yaml" in error.message


def test_a_rule_that_yields_garbage_is_a_tool_error(project: Path) -> None:
    harness = Harness(project, garbage)
    harness.lint("api.yaml")
    assert not harness.findings
    assert "yielded str, not a Violation" in harness.linter.tool_errors[0].message


def test_shared_files_are_reported_once_for_many_roots(project: Path) -> None:
    (project / "second.yaml").write_text((project / "api.yaml").read_text())
    harness = Harness(project, schema_descriptions)
    harness.lint("api.yaml")
    harness.lint("second.yaml")
    assert [(f.path, f.pointer) for f in harness.findings] == [("models.yaml", "/Pet")]


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
    harness = Harness(tmp_path)
    harness.lint("api.yaml")
    got = [(f.rule_id, f.path, f.pointer, f.span.start_line) for f in harness.findings]
    assert got == [
        ("invalid-ref", "api.yaml", "/components/schemas/A/$ref", 5),
        ("invalid-ref", "api.yaml", "/components/schemas/B/$ref", 6),
        ("invalid-ref", "api.yaml", "/components/schemas/C/$ref", 7),
        ("syntax-error", "broken.yaml", "", 2),
        ("invalid-ref", "loop.yaml", "/C/$ref", 1),
    ]
    loop = next(f for f in harness.findings if f.path == "loop.yaml")
    assert loop.message == ("'api.yaml#/components/schemas/C' never leads to a value: the references go round in "
                            "a loop (#/C -> api.yaml#/components/schemas/C -> #/C)")


def test_references_that_loop_without_reaching_a_value_are_reported_where_the_loop_is(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  schemas:\n"
        "    Self: {$ref: '#/components/schemas/Self'}\n"
        "    A: {$ref: '#/components/schemas/B'}\n"
        "    B: {$ref: '#/components/schemas/A'}\n"
        "    IntoLoop: {$ref: '#/components/schemas/A'}\n"
        "    Chain: {$ref: '#/components/schemas/Alias'}\n"
        "    Alias: {$ref: '#/components/schemas/Tree'}\n"
        "    Tree:\n"
        "      type: object\n"
        "      properties:\n"
        "        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}\n"
        "        parent: {$ref: '#/components/schemas/Tree'}\n"
    )
    harness = Harness(tmp_path)
    harness.lint("api.yaml")
    got = [(f.rule_id, f.pointer, f.message) for f in harness.findings]
    # A schema that refers to itself from inside (Tree) reaches a value; what leads into a loop is
    # not reported, only each reference of the loop, where it can be fixed.
    assert got == [
        ("invalid-ref", "/components/schemas/Self/$ref", "'#/components/schemas/Self' never leads to a value: "
         "the references go round in a loop (#/components/schemas/Self -> #/components/schemas/Self)"),
        ("invalid-ref", "/components/schemas/A/$ref", "'#/components/schemas/B' never leads to a value: the "
         "references go round in a loop (#/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A)"),
        ("invalid-ref", "/components/schemas/B/$ref", "'#/components/schemas/A' never leads to a value: the "
         "references go round in a loop (#/components/schemas/B -> #/components/schemas/A -> #/components/schemas/B)"),
    ]


def test_a_long_chain_of_references_into_a_loop_reports_only_the_loop(tmp_path: Path) -> None:
    # Each link is settled once: a chain checked again from each of its links would take 25 million steps.
    links = "".join(f"    S{n}: {{$ref: '#/components/schemas/S{n + 1}'}}\n" for n in range(5000))
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\n"
        "info: {title: t, version: '1'}\n"
        "components:\n"
        "  schemas:\n"
        f"{links}"
        "    S5000: {$ref: '#/components/schemas/S4999'}\n"
    )
    harness = Harness(tmp_path)
    harness.lint("api.yaml")
    assert [f.pointer for f in harness.findings] == ["/components/schemas/S4999/$ref", "/components/schemas/S5000/$ref"]


def test_unknown_versions_are_reported_and_rules_skipped(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 4.0.0\ninfo: {}\n")
    harness = Harness(tmp_path, title_required)
    harness.lint("api.yaml")
    [finding] = harness.findings
    assert finding.rule_id == "unknown-openapi-version" and finding.pointer == "/openapi"
    assert "4.0.0" in finding.message


def test_rules_limited_to_a_format_skip_other_versions(tmp_path: Path) -> None:
    only_v2 = Rule(id="v2-only", severity=Severity.ERROR, summary="s", description="d",
                   check=lambda ctx: [Violation("", "x")], formats=frozenset({"oas2"}))
    (tmp_path / "v3.yaml").write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n")
    (tmp_path / "v2.yaml").write_text("swagger: '2.0'\ninfo: {title: t, version: '1'}\n")
    harness = Harness(tmp_path, only_v2)
    harness.lint("v3.yaml")
    harness.lint("v2.yaml")
    assert [f.path for f in harness.findings] == ["v2.yaml"]


def test_findings_are_sorted_by_file_and_position(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\na: 1\na: 2\n")
    (tmp_path / "a.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\n")
    harness = Harness(tmp_path, title_required)
    harness.lint("b.yaml")
    harness.lint("a.yaml")
    assert [(f.path, f.span.start_line, f.rule_id, f.pointer) for f in harness.findings] == [
        ("a.yaml", 2, "title-required", "/info"), ("b.yaml", 2, "title-required", "/info"),
        ("b.yaml", 4, "duplicate-key", "/a")]


def test_fingerprints_do_not_depend_on_lines(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\n")
    harness = Harness(tmp_path, title_required)
    harness.lint("api.yaml")
    before = harness.findings[0].fingerprint
    (tmp_path / "api.yaml").write_text("# a comment\n\nopenapi: 3.1.0\ninfo:\n  version: '1'\n")
    harness = Harness(tmp_path, title_required)
    harness.lint("api.yaml")
    assert harness.findings[0].fingerprint == before
