"""Standards as data: reading standard.yaml, choosing a version, and their rulesets naming clauses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apilint.engine import Linter
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rulesets.model import RulesetError
from apilint.standards import StandardCatalog, StandardError, StandardSource
from apilint.standards.reader import read_standard
from apilint.workspace import Workspace

STANDARD = """\
id: demo
version: {version}
title: Demo API rules
owner: A standards body
status: {status}
published: 2026-01-01
source: https://example.org/demo/{version}
licence: CC-BY-4.0
clauses:
  - id: /paths/no-trailing-slash
    title: Paths do not end with a slash
    level: MUST
    url: https://example.org/demo#no-trailing-slash
    checkable: static
  - id: /process/changelog
    title: A changelog is published
    level: MUST
    url: https://example.org/demo#changelog
    checkable: "no"
"""
RULESET = """\
rules:
  demo:no-trailing-slash:
    severity: error
    given: $.paths
    then: {field: "@key", function: pattern, functionOptions: {notMatch: ".+/$"}}
    x-apilint:
      clause: /paths/no-trailing-slash
"""


def write_standard(root: Path, version: str, status: str = "adopted", ruleset: str = RULESET) -> Path:
    folder = root / "demo" / version
    folder.mkdir(parents=True)
    (folder / "standard.yaml").write_text(STANDARD.format(version=version, status=status))
    (folder / "ruleset.yaml").write_text(ruleset)
    return folder


def plugins_with(*folders: Path) -> LoadedPlugins:
    host = PluginHost()
    host.load_entry_points()
    loaded = host.collect()
    loaded.standards[:] = [("test", StandardSource(str(folder))) for folder in folders]
    return loaded


def test_a_standard_is_read_with_its_clauses(tmp_path: Path) -> None:
    standard = read_standard(write_standard(tmp_path, "1.0.0"), "demo/1.0.0")
    assert (standard.key, standard.status, standard.published) == ("demo@1.0.0", "adopted", "2026-01-01")
    assert [(clause.id, clause.level, clause.checkable) for clause in standard.clauses] == [
        ("/paths/no-trailing-slash", "MUST", "static"), ("/process/changelog", "MUST", "no")]


@pytest.mark.parametrize(("change", "words", "line"), [
    (("level: MUST\n    url: https://example.org/demo#changelog", "level: OUGHT\n    url: https://example.org/demo#changelog"),
     "'level' must be one of MUST, MUST NOT, SHOULD, SHOULD NOT, MAY", 17),
    (("owner: A standards body", "owner: A standards body\nmaintainer: x"), "unknown key 'maintainer'", 5),
    (("/process/changelog", "/paths/no-trailing-slash"), "listed twice", 15),
    (("version: 1.0.0", "version: one"), "'version' must be a version number", 2),
])
def test_a_bad_standard_is_refused_with_its_line(tmp_path: Path, change: tuple[str, str], words: str,
                                                 line: int) -> None:
    folder = write_standard(tmp_path, "1.0.0")
    text = (folder / "standard.yaml").read_text()
    (folder / "standard.yaml").write_text(text.replace(*change))
    with pytest.raises(StandardError) as raised:
        read_standard(folder, "demo/1.0.0")
    assert words in str(raised.value) and raised.value.line == line


def test_versions_resolve_to_the_newest_adopted_or_the_one_named(tmp_path: Path) -> None:
    folders = [write_standard(tmp_path, "1.0.0"), write_standard(tmp_path, "1.1.0"),
               write_standard(tmp_path, "1.10.0", "withdrawn"), write_standard(tmp_path, "2.0.0", "draft")]
    catalog = StandardCatalog(("test", StandardSource(str(folder))) for folder in folders)
    assert catalog.resolve("demo").version == "1.1.0"
    assert catalog.resolve("demo@1").version == "1.10.0"
    assert catalog.resolve("demo@2.0").version == "2.0.0"
    assert catalog.resolve("demo@1.0.0").version == "1.0.0"
    with pytest.raises(StandardError, match="has no version '3'"):
        catalog.resolve("demo@3")
    with pytest.raises(StandardError, match="unknown standard 'other' \\(installed: demo\\)"):
        catalog.resolve("other")
    assert catalog.find("other") is None


def test_findings_of_a_standard_name_their_clause(tmp_path: Path) -> None:
    builder = SelectionBuilder(plugins_with(write_standard(tmp_path / "std", "1.0.0")), tmp_path)
    selection = builder.select(builder.standard_names(["demo"]))
    (tmp_path / "api.json").write_text(json.dumps(
        {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a/": {}}}))
    workspace = Workspace(root=tmp_path, cwd=tmp_path)
    linter = Linter(workspace, tmp_path)
    linter.lint(workspace.read_file(tmp_path / "api.json"), selection)
    [finding] = [finding for finding in linter.findings if finding.rule_id == "demo:no-trailing-slash"]
    assert (finding.pointer, finding.clause) == ("/paths/~1a~1", "/paths/no-trailing-slash")
    assert selection.rules["demo:no-trailing-slash"].source == "demo@1.0.0"


def test_a_ruleset_can_extend_a_standard_by_name(tmp_path: Path) -> None:
    builder = SelectionBuilder(plugins_with(write_standard(tmp_path / "std", "1.0.0")), tmp_path)
    (tmp_path / "team.yaml").write_text("extends: demo@1.0\nrules:\n  demo:no-trailing-slash: warn\n")
    selection = builder.select((str(tmp_path / "team.yaml"),))
    assert selection.rules["demo:no-trailing-slash"].severity.value == "warn"


@pytest.mark.parametrize(("docs", "words"), [
    ("x-apilint: {summary: No clause.}", "names no clause"),
    ("x-apilint: {clause: /paths/elsewhere}", "names clause '/paths/elsewhere', which the standard does not have"),
])
def test_every_rule_of_a_standard_names_one_of_its_clauses(tmp_path: Path, docs: str, words: str) -> None:
    ruleset = RULESET.replace("x-apilint:\n      clause: /paths/no-trailing-slash", docs)
    builder = SelectionBuilder(plugins_with(write_standard(tmp_path / "std", "1.0.0", ruleset=ruleset)), tmp_path)
    with pytest.raises(RulesetError, match=words):
        builder.select(builder.standard_names(["demo"]))


def test_a_broken_standard_does_not_keep_the_others_from_being_used(tmp_path: Path) -> None:
    good = write_standard(tmp_path / "a", "1.0.0")
    broken = tmp_path / "b" / "other" / "1.0.0"
    broken.mkdir(parents=True)
    (broken / "standard.yaml").write_text("id: other\n")
    catalog = StandardCatalog([("test", StandardSource(str(good))), ("test", StandardSource(str(broken)))])
    assert [standard.key for standard in catalog.standards] == ["demo@1.0.0"]
    assert catalog.resolve("demo").key == "demo@1.0.0"
    with pytest.raises(StandardError, match="a standard has no 'version'"):
        catalog.resolve("other")
