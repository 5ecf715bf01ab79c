"""The Python rules of :mod:`apilint_oas.rules`: their cases, their documentation, and odd input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from apilint.engine import Linter
from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.rules import Rule
from apilint.selection import RuleSelection
from apilint.severity import Severity
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml
from apilint_oas.rules import RULES

CASES = Path(__file__).parent / "cases"
BY_ID = {rule.id: rule for rule in RULES}
FORMATS = ("oas2", "oas3_0", "oas3_1", "oas3_2")
REQUIRED_FORMATS = ("oas2", "oas3_0", "oas3_1")

EXPECTED = {
    "no-ambiguous-paths": ("warn", {"oas2", "oas3"}),
    "no-identical-paths": ("error", {"oas2", "oas3"}),
    "operation-4xx-response": ("warn", {"oas2", "oas3"}),
    "operation-summary": ("error", {"oas2", "oas3"}),
    "security-defined": ("error", {"oas2", "oas3"}),
    "security-scopes-defined": ("warn", {"oas2", "oas3"}),
    "no-server-example.com": ("warn", {"oas2", "oas3"}),
    "no-required-schema-properties-undefined": ("warn", {"oas2", "oas3"}),
    "no-server-variables-empty-enum": ("error", {"oas3"}),
    "nullable-type-sibling": ("error", {"oas3_0"}),
    "oas2-unused-component": ("warn", {"oas2"}),
}


def as_text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=1)


def write_project(project: Path, document: Any, files: dict[str, Any] | None = None) -> Path:
    project.mkdir(parents=True, exist_ok=True)
    root = project / "openapi.yaml"
    root.write_text(as_text(document), encoding="utf-8")
    for name, content in (files or {}).items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_text(content), encoding="utf-8")
    return root


def load_cases(rule_id: str) -> list[dict[str, Any]]:
    result = read_yaml((CASES / f"{rule_id}.yaml").read_text(encoding="utf-8"))
    assert not result.problems, result.problems
    assert isinstance(result.data, list)
    return result.data


def all_cases() -> Iterator[Any]:
    for rule in RULES:
        for case in load_cases(rule.id):
            yield pytest.param(rule, case, id=f"{rule.id}: {case['name']}")


def lint(project: Path, rule: Rule, root: Path) -> dict[str, list[str]]:
    """Findings of ``rule`` alone, by where they land (``file#pointer`` outside the root file)."""
    workspace = Workspace(root=project, cwd=project)
    linter = Linter(workspace, project)
    linter.lint(workspace.read_file(root), RuleSelection(rules={rule.id: rule}))
    assert not linter.tool_errors, linter.tool_errors
    found: dict[str, list[str]] = {}
    for finding in linter.findings:
        if finding.rule_id == rule.id:
            where = finding.pointer if finding.path == "openapi.yaml" else f"{finding.path}#{finding.pointer}"
            found.setdefault(where, []).append(finding.message)
    return found


def run_direct(project: Path, rule: Rule, document: Any, files: dict[str, Any] | None = None) -> list[Violation]:
    """What the rule's check yields, called as the engine calls it."""
    root = write_project(project, document, files)
    workspace = Workspace(root=project, cwd=project)
    parsed = workspace.read_file(root)
    assert parsed.parsed, parsed.problems
    assert rule.check is not None
    return list(rule.check(RuleContext(parsed, workspace, rule, {})))


# -- the cases, run as the ruleset's case runner will run them


@pytest.mark.parametrize(("rule", "case"), list(all_cases()))
def test_case(rule: Rule, case: dict[str, Any], tmp_path: Path) -> None:
    project = tmp_path / "project"
    root = write_project(project, case["document"], case.get("files"))
    found = lint(project, rule, root)
    wanted = [(entry["at"], entry["message"]) if isinstance(entry, dict) else (entry, None)
              for entry in case.get("findings") or []]
    assert sorted(found) == sorted({where for where, _ in wanted}), found
    for where, message in wanted:
        if message is not None:
            assert any(message in text for text in found[where]), (where, found[where])


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_format_has_a_case_with_findings_and_one_without(rule: Rule, tmp_path: Path) -> None:
    seen: dict[str, set[bool]] = {}
    for number, case in enumerate(load_cases(rule.id)):
        root = write_project(tmp_path / str(number), case["document"])
        fmt = Workspace(root=root.parent, cwd=root.parent).read_file(root).spec_format
        assert fmt is not None, case["name"]
        assert rule.applies_to(fmt), f"{case['name']}: the rule does not run on {fmt}"
        seen.setdefault(fmt, set()).add(bool(case.get("findings")))
    formats = [fmt for fmt in FORMATS if rule.applies_to(fmt)]
    for fmt in [fmt for fmt in formats if fmt in REQUIRED_FORMATS] or formats:
        assert seen.get(fmt) == {True, False}, fmt


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_no_violation_is_yielded_twice_and_messages_quote_no_pointers(rule: Rule, tmp_path: Path) -> None:
    for number, case in enumerate(load_cases(rule.id)):
        violations = run_direct(tmp_path / str(number), rule, case["document"], case.get("files"))
        keys = [(v.document.uri if v.document else None, v.pointer) for v in violations]
        assert len(keys) == len(set(keys)), case["name"]
        for violation in violations:
            assert "#/" not in violation.message and "~1" not in violation.message
            assert violation.message.endswith(".")


# -- metadata and documentation


def test_the_rules_and_their_tiers() -> None:
    assert {rule.id: (rule.severity.value, set(rule.formats)) for rule in RULES} == EXPECTED
    for rule in RULES:
        assert rule.recommended is False
        assert rule.severity in (Severity.ERROR, Severity.WARN)
        assert rule.summary.endswith(".") and rule.summary.count(". ") == 0, rule.summary
        assert len(rule.description) > 200 and rule.bad_example and rule.good_example
        assert rule.documentation_url.startswith("https://spec.openapis.org/oas/")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_documented_examples_behave_as_documented(rule: Rule, tmp_path: Path) -> None:
    assert run_direct(tmp_path / "bad", rule, rule.bad_example) != []
    assert run_direct(tmp_path / "good", rule, rule.good_example) == []


# -- odd input: nothing raises, and nothing odd is reported

ODD_DOCUMENTS = [
    "openapi: 3.0.3\npaths: [1, 2]\ncomponents: 7\nsecurity: {a: 1}\nservers: x\n",
    "openapi: 3.1.0\npaths:\n  /a: 3\n"
    "  /b: {get: 1, put: [], post: {responses: 5, security: 7, servers: [1, {url: 5}]}}\n"
    "servers: [null, {url: 'https://x.test', variables: [1]},"
    " {url: 'https://y.test', variables: {v: 1, w: {enum: 3}}}]\n"
    "security: [1, {oauth: 3}, {oauth: [1, null]}]\n"
    "components: {schemas: {A: 1, B: {required: 3}, C: {required: [1, null], allOf: 4, properties: [1]},"
    " D: {nullable: true, $ref: 5}}, securitySchemes: {oauth: {type: oauth2, flows: 3}}}\n",
    "swagger: '2.0'\nhost: 5\nparameters: [1]\nresponses: {a: 1}\n"
    "definitions: {A: {required: [a], allOf: [1, {$ref: 3}]}}\n"
    "securityDefinitions: {o: {type: oauth2, scopes: [1]}}\nsecurity: [{o: [x]}]\n"
    "paths: {'/a/{x}': {get: {responses: {'200': {schema: {$ref: '#/definitions/Missing'}}}}}, '/{y}/b': 1}\n",
    # Reference cycles: path items, schemas and allOf parts that lead back to themselves.
    "openapi: 3.0.3\npaths:\n  /a: {$ref: '#/paths/~1b'}\n  /b: {$ref: '#/paths/~1a'}\n"
    "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n"
    "    C: {required: [x], allOf: [{$ref: '#/components/schemas/C'}], nullable: true}\n"
    "  responses:\n    R: {$ref: '#/components/responses/R'}\n"
    "  securitySchemes:\n    o: {type: oauth2, flows: {$ref: '#/components/securitySchemes/o/flows'}}\n"
    "security: [{o: [read]}]\n",
]


@pytest.mark.parametrize("text", ODD_DOCUMENTS)
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_odd_documents_do_not_make_rules_raise(rule: Rule, text: str, tmp_path: Path) -> None:
    root = write_project(tmp_path, text)
    workspace = Workspace(root=tmp_path, cwd=tmp_path)
    document = workspace.read_file(root)
    assert document.parsed and isinstance(document.data, dict), document.problems
    assert rule.check is not None
    for violation in rule.check(RuleContext(document, workspace, rule, {})):
        assert isinstance(violation, Violation)


@pytest.mark.parametrize("data", [None, [], "text", 5, {"openapi": "3.0.3"}, {"swagger": "2.0"}])
@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_documents_that_are_not_mappings_or_are_empty_give_nothing(rule: Rule, data: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path, json.dumps(data))
    workspace = Workspace(root=tmp_path, cwd=tmp_path)
    assert rule.check is not None
    assert list(rule.check(RuleContext(workspace.read_file(root), workspace, rule, {}))) == []


# -- details the cases do not show one by one


def test_the_odd_document_findings_are_the_sensible_ones(tmp_path: Path) -> None:
    text = ODD_DOCUMENTS[3]
    found = {rule_id: sorted(v.pointer for v in run_direct(tmp_path / rule_id, BY_ID[rule_id], text))
             for rule_id in ("no-required-schema-properties-undefined", "nullable-type-sibling",
                             "security-scopes-defined")}
    assert found == {
        "no-required-schema-properties-undefined": ["/components/schemas/C/required/0"],
        "nullable-type-sibling": ["/components/schemas/C/nullable"],
        # The flows reference leads back to itself, so the scheme declares no scope.
        "security-scopes-defined": ["/security/0/o/0"],
    }


def test_a_schema_used_in_many_places_is_reported_once_where_it_is_written(tmp_path: Path) -> None:
    document = {
        "openapi": "3.0.3",
        "paths": {f"/p{i}": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "schemas.yaml#/Pet"}}}}}}} for i in range(3)},
    }
    violations = run_direct(tmp_path, BY_ID["nullable-type-sibling"], document,
                            {"schemas.yaml": {"Pet": {"nullable": True, "properties": {"a": {"nullable": True}}}}})
    assert sorted((v.document.path if v.document else None, v.pointer) for v in violations) == [
        ("schemas.yaml", "/Pet/nullable"), ("schemas.yaml", "/Pet/properties/a/nullable")]
