"""Which files a run lints, and the real path each is known by."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apilint.discovery import Candidate, discover

_OPENAPI = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"


def _write(path: Path, text: str = _OPENAPI) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_folder_gives_its_openapi_files_in_order_and_nothing_else(tmp_path: Path) -> None:
    _write(tmp_path / "b.yaml")
    _write(tmp_path / "a.json", '{"openapi": "3.1.0", "info": {}, "paths": {}}')
    _write(tmp_path / "sub" / "c.yml")
    _write(tmp_path / "notes.yaml", "title: not an API\n")
    _write(tmp_path / "readme.txt")
    _write(tmp_path / "node_modules" / "dep.yaml")

    found = list(discover([tmp_path]))

    assert [candidate.path for candidate in found] == [tmp_path / "a.json", tmp_path / "b.yaml",
                                                       tmp_path / "sub" / "c.yml"]
    assert all(not candidate.explicit for candidate in found)
    assert [candidate.real for candidate in found] == [candidate.path.resolve() for candidate in found]


def test_a_file_named_is_explicit_even_when_it_is_not_openapi(tmp_path: Path) -> None:
    notes = _write(tmp_path / "notes.yaml", "title: not an API\n")

    assert list(discover([notes])) == [Candidate(notes, explicit=True, real=notes.resolve())]


@pytest.mark.skipif(os.name == "nt", reason="creating symbolic links needs privileges on Windows")
def test_real_paths_follow_links_and_a_file_is_yielded_once(tmp_path: Path) -> None:
    target = _write(tmp_path / "apis" / "api.yaml")
    linked_folder = tmp_path / "linked"
    linked_folder.symlink_to(tmp_path / "apis", target_is_directory=True)
    (tmp_path / "apis" / "alias.yaml").symlink_to(target)

    found = list(discover([linked_folder, target]))

    # The folder is reached through a link, and alias.yaml is a link to api.yaml: one file in all.
    assert found == [Candidate(linked_folder / "alias.yaml", explicit=False, real=target.resolve())]


def test_excluded_files_and_folders_are_passed_over(tmp_path: Path) -> None:
    kept = _write(tmp_path / "kept.yaml")
    _write(tmp_path / "skipped.yaml")
    _write(tmp_path / "generated" / "api.yaml")

    found = list(discover([tmp_path], lambda path: path.name in {"skipped.yaml", "generated"}))

    assert [candidate.path for candidate in found] == [kept]
