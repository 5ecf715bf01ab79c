"""Every shipped standard: its rules against their cases, and its clauses against its rules.

Cases live in ``<id>/<version>/cases/<rule id, ':' written '__'>.yaml``, in the format of
tests/unit/oas/rules/cases/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from apilint.engine import Linter
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rules import Rule
from apilint.standards import Standard
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml

HERE = Path(__file__).parent


@cache
def plugins() -> LoadedPlugins:
    host = PluginHost()
    host.load_entry_points()
    return host.collect()


@cache
def standards() -> tuple[Standard, ...]:
    return tuple(SelectionBuilder(plugins(), HERE).standards.standards)


@cache
def rules_of(key: str) -> dict[str, Rule]:
    builder = SelectionBuilder(plugins(), HERE)
    standard = builder.standards.resolve(key)
    selection = builder.select((key,))
    # Its own rules, and the rules it turns on from other rulesets for one of its clauses.
    return {rule_id: rule for rule_id, rule in selection.available.items()
            if rule.source == key or (rule.clause and standard.clause(rule.clause) is not None)}


def load_cases(path: Path) -> list[dict[str, Any]]:
    result = read_yaml(path.read_text(encoding="utf-8"))
    assert not result.problems, f"{path}: {result.problems}"
    assert isinstance(result.data, list), f"{path} must be a list of cases"
    return result.data


def all_cases() -> Iterator[Any]:
    for path in sorted(HERE.glob("*/*/cases/*.yaml")):
        key = f"{path.parents[2].name}@{path.parents[1].name}"
        rule_id = path.stem.replace("__", ":")
        for case in load_cases(path):
            yield pytest.param(key, rule_id, case, id=f"{key} {rule_id}: {case['name']}")


def as_text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=1)


@pytest.mark.parametrize(("key", "rule_id", "case"), list(all_cases()))
def test_rule_case(key: str, rule_id: str, case: dict[str, Any], tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    root = project / "openapi.yaml"
    root.write_text(as_text(case["document"]), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_text(content), encoding="utf-8")
    ruleset = tmp_path / "ruleset.yaml"
    ruleset.write_text(json.dumps({"extends": [[key, "off"]], "rules": {rule_id: True}}), encoding="utf-8")
    selection = SelectionBuilder(plugins(), tmp_path).select((str(ruleset),))
    workspace = Workspace(root=project, cwd=project)
    linter = Linter(workspace, project)
    linter.lint(workspace.read_file(root), selection)
    assert not linter.tool_errors, linter.tool_errors
    found: dict[str, list[str]] = {}
    for finding in linter.findings:
        if finding.rule_id == rule_id:
            where = finding.pointer if finding.path == "openapi.yaml" else f"{finding.path}#{finding.pointer}"
            found.setdefault(where, []).append(finding.message)
    wanted = [(entry["at"], entry.get("message")) if isinstance(entry, dict) else (entry, None)
              for entry in case.get("findings") or []]
    assert sorted(found) == sorted({where for where, _ in wanted}), found
    for where, message in wanted:
        if message is not None:
            assert any(message in text for text in found[where]), (where, found[where])


def test_every_rule_of_every_standard_has_cases_with_and_without_findings() -> None:
    missing = []
    for standard in standards():
        folder = HERE / standard.id / standard.version / "cases"
        for rule_id in sorted(rules_of(standard.key)):
            path = folder / f"{rule_id.replace(':', '__')}.yaml"
            if not path.is_file():
                missing.append(f"{standard.key} {rule_id}: no case file")
                continue
            if {bool(case.get("findings")) for case in load_cases(path)} != {True, False}:
                missing.append(f"{standard.key} {rule_id}: needs a case with findings and one without")
    assert not missing, "\n".join(missing)


def test_checkable_clauses_have_rules_and_the_others_none() -> None:
    problems = []
    for standard in standards():
        rules = rules_of(standard.key).values()
        checked = {rule.clause for rule in rules}
        heuristic = {clause.id for clause in standard.clauses if clause.checkable == "heuristic"}
        problems += [f"{standard.key} {rule.id} checks a heuristic clause but claims precision {rule.precision}"
                     for rule in rules if rule.clause in heuristic and rule.precision == "very-high"]
        for clause in standard.clauses:
            if clause.checkable != "no" and clause.id not in checked:
                problems.append(f"{standard.key} {clause.id} is {clause.checkable} but has no rule")
            if clause.checkable == "no" and clause.id in checked:
                problems.append(f"{standard.key} {clause.id} is not checkable but has a rule")
    assert not problems, "\n".join(problems)
