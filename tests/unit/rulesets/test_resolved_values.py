"""The resolved view functions of resolved rules receive."""

from __future__ import annotations

import json
from pathlib import Path

from apilint.rulesets.resolved_values import ResolvedValues
from apilint.workspace import Workspace


def project(tmp_path: Path, files: dict[str, object]) -> Workspace:
    for name, content in files.items():
        (tmp_path / name).write_text(json.dumps(content), encoding="utf-8")
    return Workspace(root=tmp_path, cwd=tmp_path)


def test_references_below_a_node_are_resolved_in_every_file(tmp_path: Path) -> None:
    workspace = project(tmp_path, {
        "root.json": {"paths": {"/a": {"$ref": "a.json"}}, "components": {"parameters": {"P": {"name": "p"}}}},
        "a.json": {"get": {"parameters": [{"$ref": "params.json#/Q"}, {"$ref": "root.json#/components/parameters/P"}]}},
        "params.json": {"Q": {"name": "q", "schema": {"$ref": "#/S"}}, "S": {"type": "string"}},
    })
    root = workspace.read_file(tmp_path / "root.json")
    view = ResolvedValues(workspace).value(root, "/paths", root.data["paths"])
    assert view == {"/a": {"get": {"parameters": [{"name": "q", "schema": {"type": "string"}}, {"name": "p"}]}}}
    # Nothing written is changed.
    assert root.data["paths"] == {"/a": {"$ref": "a.json"}}


def test_subtrees_without_references_are_handed_over_as_written(tmp_path: Path) -> None:
    workspace = project(tmp_path, {"root.json": {"info": {"contact": {"name": "x"}}, "x": {"$ref": "#/info"}}})
    root = workspace.read_file(tmp_path / "root.json")
    values = ResolvedValues(workspace)
    assert values.value(root, "/info", root.data["info"]) is root.data["info"]
    assert values.value(root, "", root.data)["x"] is root.data["info"]


def test_a_reference_back_up_stays_a_reference_and_literal_data_is_left_alone(tmp_path: Path) -> None:
    node = {"type": "object", "properties": {"child": {"$ref": "#/Node"}}, "example": {"$ref": "just data"}}
    workspace = project(tmp_path, {"root.json": {"Node": node, "use": {"$ref": "#/Node"}}})
    root = workspace.read_file(tmp_path / "root.json")
    view = ResolvedValues(workspace).value(root, "/use", root.data["use"])
    assert view["type"] == "object" and view["properties"]["child"] == {"$ref": "#/Node"}
    assert view["example"] == {"$ref": "just data"}
