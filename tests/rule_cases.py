"""Rule cases as data (see tests/unit/oas/rules/cases/README.md): reading them and running one.

Shared by the cases of the oas ruleset and those of the standards.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from apilint.engine import Linter
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.selection import RuleSelection
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml

__all__ = ["as_text", "check_case", "installed_plugins", "load_cases"]


@cache
def installed_plugins() -> LoadedPlugins:
    """The plugins installed with apilint, loaded once for all cases."""
    host = PluginHost()
    host.load_entry_points()
    return host.collect()


def load_cases(path: Path) -> list[dict[str, Any]]:
    result = read_yaml(path.read_text(encoding="utf-8"))
    assert not result.problems, f"{path}: {result.problems}"
    assert isinstance(result.data, list), f"{path} must be a list of cases"
    return result.data


def as_text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content, indent=1)


def check_case(rule_id: str, case: dict[str, Any], selection: RuleSelection, tmp_path: Path) -> None:
    """Lint the case's project with ``selection``; ``rule_id``'s findings must be exactly those listed."""
    project = tmp_path / "project"
    project.mkdir()
    root = project / "openapi.yaml"
    root.write_text(as_text(case["document"]), encoding="utf-8")
    for name, content in (case.get("files") or {}).items():
        target = project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_text(content), encoding="utf-8")
    workspace = Workspace(root=project, cwd=project)
    linter = Linter(workspace, project)
    linter.lint(workspace.read_file(root), selection)
    assert not linter.tool_errors, linter.tool_errors
    found: dict[str, list[str]] = {}
    for finding in linter.findings:
        if finding.rule_id == rule_id:
            where = finding.pointer if finding.path == "openapi.yaml" else f"{finding.path}#{finding.pointer}"
            found.setdefault(where, []).append(finding.message)
    wanted = [(str(entry["at"]), entry.get("message")) if isinstance(entry, dict) else (str(entry), None)
              for entry in case.get("findings") or []]
    assert sorted(found) == sorted({where for where, _ in wanted}), found
    for where, message in wanted:
        if message is not None:
            assert any(message in text for text in found[where]), (where, found[where])
