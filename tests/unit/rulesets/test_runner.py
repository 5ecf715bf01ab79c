"""Declarative rules end to end: rulesets and documents as data, with the findings they must produce.

Each case file under ``cases/`` holds a list of cases: ``ruleset`` (YAML text), ``files`` (name →
content; ``api.yaml`` is linted), and ``expect``: the findings as ``[rule, file, pointer]`` with an
optional fourth item, a text the message must contain. The set of findings must be exactly that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from apilint.engine import Linter
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.workspace import Workspace

CASES = Path(__file__).parent / "cases"


def load_cases() -> list[Any]:
    yaml = YAML(typ="safe", pure=True)
    cases = []
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.load(path.read_text(encoding="utf-8")):
            cases.append(pytest.param(case, id=f"{path.stem}:{case['name']}"))
    return cases


@pytest.fixture(scope="module")
def plugins() -> LoadedPlugins:
    host = PluginHost()
    host.load_entry_points()
    return host.collect()


def lint(tmp_path: Path, plugins: LoadedPlugins, ruleset: str, files: dict[str, str]) -> Linter:
    (tmp_path / "ruleset.yaml").write_text(ruleset)
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(content)
    workspace = Workspace(tmp_path, cwd=tmp_path)
    linter = Linter(workspace, tmp_path)
    selection = SelectionBuilder(plugins, tmp_path).select((str(tmp_path / "ruleset.yaml"),))
    linter.lint(workspace.read_file(tmp_path / "api.yaml"), selection)
    return linter


@pytest.mark.parametrize("case", load_cases())
def test_case(tmp_path: Path, plugins: LoadedPlugins, case: dict[str, Any]) -> None:
    linter = lint(tmp_path, plugins, case["ruleset"], case["files"])
    assert not linter.tool_errors, linter.tool_errors
    got = {(f.rule_id, f.path, f.pointer): f for f in linter.findings}
    expected = {(rule, file, pointer) for rule, file, pointer, *_ in case["expect"]}
    assert set(got) == expected
    for rule, file, pointer, *text in case["expect"]:
        if text:
            assert text[0] in got[rule, file, pointer].message, got[rule, file, pointer].message
    for key, severity in (case.get("severities") or {}).items():
        rule, file, pointer = key.split(" ")
        assert got[rule, file, pointer].severity.value == severity


def test_a_function_that_raises_is_a_tool_error_naming_the_rule(tmp_path: Path, plugins: LoadedPlugins) -> None:
    from dataclasses import replace

    broken = replace(plugins.functions["truthy"], check=lambda value, options, context: 1 / 0)
    patched = LoadedPlugins(rules=plugins.rules, reporters=plugins.reporters,
                            functions={**plugins.functions, "truthy": broken}, rulesets=plugins.rulesets)
    ruleset = ("rules:\n  boom:\n    given: $.info\n    then: {function: truthy}\n"
               "  fine:\n    given: $.info\n    then: {field: nope, function: defined}\n")
    linter = lint(tmp_path, patched, ruleset, {"api.yaml": "openapi: 3.1.0\ninfo: {title: t}\n"})
    assert [f.rule_id for f in linter.findings] == ["fine"]
    [error] = linter.tool_errors
    assert error.rule_id == "boom" and "ZeroDivisionError" in error.message and "ruleset.yaml:2" in error.message
