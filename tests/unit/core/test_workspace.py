"""$ref resolution: local pointers, files, chains, cycles, and the references not followed."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.workspace import RefError, RefTarget, Workspace


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\n"
        "components:\n"
        "  schemas:\n"
        "    Pet: {type: object}\n"
        "    'a/b~c': {type: string}\n"
        "    '{id}': {type: integer}\n"
        "    Chain: {$ref: '#/components/schemas/Pet'}\n"
        "    Loop1: {$ref: '#/components/schemas/Loop2'}\n"
        "    Loop2: {$ref: '#/components/schemas/Loop1'}\n"
        "  list: [a, {deep: 1}]\n"
    )
    (tmp_path / "schemas" / "pet.yaml").write_text(
        "Pet:\n  type: object\n  properties:\n    id: {$ref: '../common.json#/Id'}\n")
    (tmp_path / "common.json").write_text('{"Id": {"type": "integer"}}')
    return tmp_path


def resolve(project: Path, ref: str, start: str = "api.yaml") -> RefTarget | RefError:
    workspace = Workspace(project, cwd=project)
    return workspace.resolve(workspace.read_file(project / start), ref)


@pytest.mark.parametrize(
    ("ref", "pointer", "value"),
    [
        ("#/components/schemas/Pet", "/components/schemas/Pet", {"type": "object"}),
        ("#/components/schemas/a~1b~0c", "/components/schemas/a~1b~0c", {"type": "string"}),
        ("#/components/schemas/%7Bid%7D", "/components/schemas/{id}", {"type": "integer"}),
        ("#/components/list/1/deep", "/components/list/1/deep", 1),
        ("#", "", None),
    ],
)
def test_local_pointers(project: Path, ref: str, pointer: str, value: object) -> None:
    target = resolve(project, ref)
    assert isinstance(target, RefTarget)
    assert target.pointer == pointer
    if value is not None:
        assert target.value == value


def test_relative_files_and_chains_across_them(project: Path) -> None:
    target = resolve(project, "schemas/pet.yaml#/Pet")
    assert isinstance(target, RefTarget)
    assert target.document.path == "schemas/pet.yaml"
    inner = target.value["properties"]["id"]["$ref"]
    second = Workspace(project, cwd=project)
    pet = second.read_file(project / "schemas" / "pet.yaml")
    resolved = second.resolve(pet, inner)
    assert isinstance(resolved, RefTarget)
    assert resolved.document.path == "common.json" and resolved.value == {"type": "integer"}


def test_whole_file_reference(project: Path) -> None:
    target = resolve(project, "common.json")
    assert isinstance(target, RefTarget) and target.pointer == "" and "Id" in target.value


def test_each_file_is_read_once(project: Path) -> None:
    workspace = Workspace(project, cwd=project)
    root = workspace.read_file(project / "api.yaml")
    first = workspace.resolve(root, "common.json#/Id")
    second = workspace.resolve(root, "./common.json#/Id")
    assert isinstance(first, RefTarget) and isinstance(second, RefTarget)
    assert first.document is second.document


@pytest.mark.parametrize(
    ("ref", "kind", "words"),
    [
        ("#/components/schemas/Nope", "invalid-ref", "has nothing at '/components/schemas/Nope'"),
        ("missing.yaml#/X", "invalid-ref", "missing.yaml does not exist"),
        ("common.json#/Nope", "invalid-ref", "common.json has nothing at '/Nope'"),
        ("#components/schemas/Pet", "invalid-ref", "must be a JSON pointer"),
        ("schemas", "invalid-ref", "is a directory"),
        ("../outside.yaml", "ref-not-followed", "outside the project root"),
        ("/etc/passwd", "ref-not-followed", "outside the project root"),
        ("file:///etc/passwd", "ref-not-followed", "outside the project root"),
        ("https://example.com/api.yaml#/X", "ref-not-followed", "--allow-remote-refs"),
        ("ftp://example.com/x", "invalid-ref", "not supported"),
    ],
)
def test_references_that_do_not_resolve(project: Path, ref: str, kind: str, words: str) -> None:
    target = resolve(project, ref)
    assert isinstance(target, RefError)
    assert target.kind == kind
    assert words in target.message


def test_symlink_leading_out_of_the_root_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("x: 1\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.yaml").symlink_to(outside / "secret.yaml")
    (project / "api.yaml").write_text("openapi: 3.1.0\n")
    target = resolve(project, "link.yaml#/x")
    assert isinstance(target, RefError) and target.kind == "ref-not-followed"


def test_a_wider_root_allows_files_outside_the_working_directory(project: Path) -> None:
    (project.parent / "shared.yaml").write_text("X: {type: string}\n")
    workspace = Workspace(project.parent, cwd=project)
    target = workspace.resolve(workspace.read_file(project / "api.yaml"), "../shared.yaml#/X")
    assert isinstance(target, RefTarget)


def test_follow_stops_on_cycles_and_ends_chains(project: Path) -> None:
    workspace = Workspace(project, cwd=project)
    root = workspace.read_file(project / "api.yaml")
    schemas = root.data["components"]["schemas"]
    _, pointer, value = workspace.follow(root, "/components/schemas/Chain", schemas["Chain"])
    assert pointer == "/components/schemas/Pet" and value == {"type": "object"}
    _, pointer, value = workspace.follow(root, "/components/schemas/Loop1", schemas["Loop1"])
    assert "$ref" in value


def test_a_file_that_does_not_parse_is_not_a_target(project: Path) -> None:
    (project / "broken.yaml").write_text("a: [1\n")
    target = resolve(project, "broken.yaml#/a")
    assert isinstance(target, RefError) and "could not be read" in target.message


def test_reference_sites_in_maps_of_names_are_references() -> None:
    from apilint.reference_sites import iter_reference_sites

    data = {
        "content": {"application/json": {"examples": {"default": {"$ref": "#/components/examples/a"}}}},
        "schema": {"properties": {"enum": {"$ref": "#/s/e"}, "default": {"$ref": "#/s/d"}},
                   "default": {"$ref": "not a reference"}, "enum": [{"$ref": "data"}]},
        "examples": {"one": {"value": {"$ref": "data too"}}},
    }
    assert sorted(ref for _, ref in iter_reference_sites(data)) == [
        "#/components/examples/a", "#/s/d", "#/s/e"]


def test_containers_above_every_place_of_a_shared_reference_are_marked() -> None:
    from apilint.reference_sites import walk_references

    # One container at two places, as a YAML alias makes it, with a reference inside.
    shared = {"schema": {"$ref": "#/components/schemas/Pet"}}
    first, second = {"200": shared}, {"201": shared}
    data = {"paths": {"/a": {"get": {"responses": first}}, "/b": {"post": {"responses": second}}},
            "info": {"title": "t"}, "example": {"value": {"$ref": "#/data"}}}
    scan = walk_references(data)
    assert [pointer for pointer, _ in scan.sites] == ["/paths/~1a/get/responses/200/schema"]
    marked = scan.containers_with_refs
    assert {id(shared), id(first), id(second), id(data), id(data["paths"]), id(data["paths"]["/b"])} <= marked
    assert id(data["info"]) not in marked and id(data["example"]) not in marked
