"""Finding the files a document reaches from its text, for --jobs and --changed-since."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.reference_graph import ReferenceGraph, connected_groups, scan_references

FOLDER = Path("/project/specs")


@pytest.mark.parametrize(("text", "targets"), [
    (b"$ref: common.yaml#/Pet\n", {"/project/specs/common.yaml"}),
    (b"  - $ref: '../shared/errors.yaml'\n", {"/project/shared/errors.yaml"}),
    (b'schema: {"$ref": "schemas/pet.json#/x"}', {"/project/specs/schemas/pet.json"}),
    (b'{"$ref":"a\\u0020b.json"}', {"/project/specs/a b.json"}),
    (b"$ref: 'it''s.yaml'\n", {"/project/specs/it's.yaml"}),
    (b"$ref: caf%C3%A9.yaml\n", {"/project/specs/caf\u00e9.yaml"}),
    (b"{$ref: other.yaml, description: x}", {"/project/specs/other.yaml"}),
    (b"$ref: file:///elsewhere/api.yaml\n", {"/elsewhere/api.yaml"}),
    # Pointers into the same document and remote URLs lead to no file here.
    (b"$ref: '#/components/schemas/Pet'\n$ref: https://example.com/x.yaml\n", set()),
    (b'{"a": {"$ref": "#/b"}, "b": {"$ref": "next.json#/c"}, "c": {"$ref": "#"}}', {"/project/specs/next.json"}),
])
def test_references_are_read_from_yaml_and_json_text(text: bytes, targets: set[str]) -> None:
    found = scan_references(text, FOLDER)
    assert {path.as_posix() for path in found.targets} == targets
    assert not found.uncertain


@pytest.mark.parametrize("text", [
    b"$ref: *shared\n",                   # an alias: its value is written elsewhere
    b"$ref: >-\n  common.yaml\n",         # a block scalar
    b"$ref:\n  common.yaml\n",            # the value on the next line
])
def test_a_reference_the_pattern_cannot_read_makes_the_file_uncertain(text: bytes) -> None:
    assert scan_references(text, FOLDER).uncertain


@pytest.mark.parametrize("text", [b'{"$ref": "\\ud800.json"}', b'{"$ref": "a\\u0000.json"}', b"$ref: http://[::1"])
def test_a_reference_that_names_no_possible_file_leads_nowhere(text: bytes) -> None:
    assert scan_references(text, FOLDER).targets == frozenset()


def test_reach_follows_references_across_files_and_through_cycles(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\npaths: {$ref: paths.yaml}\n")
    (tmp_path / "paths.yaml").write_text("a: {$ref: 'schemas.yaml#/A'}\n")
    (tmp_path / "schemas.yaml").write_text("A: {$ref: 'paths.yaml#/a'}\nB: {$ref: missing.yaml}\n")
    files, uncertain = ReferenceGraph(1_000_000).reach_of_file(tmp_path / "api.yaml")
    assert {path.name for path in files} == {"api.yaml", "paths.yaml", "schemas.yaml", "missing.yaml"}
    assert not uncertain


def test_a_file_over_the_size_limit_is_not_scanned(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text("$ref: other.yaml\n" + "#" * 100 + "\n")
    assert ReferenceGraph(50).references_of(tmp_path / "big.yaml").targets == frozenset()


def test_documents_sharing_a_file_directly_or_through_others_form_one_group() -> None:
    a, b, c, d, e = (Path(f"/{name}") for name in "abcde")
    reaches = [frozenset({a, c}), frozenset({b}), frozenset({d, c}), frozenset({e, b}), frozenset({Path("/f")})]
    assert connected_groups(reaches) == [[0, 2], [1, 3], [4]]
    assert connected_groups([frozenset({a}), frozenset({b}), frozenset({a, b})]) == [[0, 1, 2]]
