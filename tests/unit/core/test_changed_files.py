"""What --changed-since counts as changed: git's view from the merge base to the working tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from apilint.changed_files import ChangedFilesError, changed_since


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    git(tmp_path, "init", "-q", "-b", "main")
    for name in ("kept.yaml", "edited.yaml", "staged.yaml", "deleted.yaml", "renamed.yaml"):
        (tmp_path / name).write_text(f"{name}\n")
    (tmp_path / ".gitignore").write_text("ignored.yaml\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    git(tmp_path, "checkout", "-q", "-b", "feature")
    return tmp_path


def names(paths: frozenset[Path], repo: Path) -> set[str]:
    return {path.relative_to(repo.resolve()).as_posix() for path in paths}


def test_committed_staged_unstaged_untracked_deleted_and_renamed_files_count(repo: Path) -> None:
    (repo / "committed.yaml").write_text("new\n")
    git(repo, "add", "committed.yaml")
    git(repo, "commit", "-q", "-m", "second")
    (repo / "staged.yaml").write_text("changed\n")
    git(repo, "add", "staged.yaml")
    (repo / "edited.yaml").write_text("changed\n")
    (repo / "deleted.yaml").unlink()
    git(repo, "mv", "renamed.yaml", "moved.yaml")
    (repo / "untracked.yaml").write_text("new\n")
    (repo / "ignored.yaml").write_text("new\n")
    assert names(changed_since("main", repo), repo) == {
        "committed.yaml", "staged.yaml", "edited.yaml", "deleted.yaml", "renamed.yaml", "moved.yaml",
        "untracked.yaml"}


def test_changes_made_on_the_ref_after_the_branch_left_it_do_not_count(repo: Path) -> None:
    (repo / "mine.yaml").write_text("mine\n")
    git(repo, "add", "mine.yaml")
    git(repo, "commit", "-q", "-m", "on the branch")
    git(repo, "checkout", "-q", "main")
    (repo / "kept.yaml").write_text("changed on main\n")
    git(repo, "commit", "-q", "-am", "on main")
    git(repo, "checkout", "-q", "feature")
    assert names(changed_since("main", repo), repo) == {"mine.yaml"}


def test_paths_are_found_from_a_subfolder_too(repo: Path) -> None:
    (repo / "specs").mkdir()
    (repo / "specs" / "api.yaml").write_text("x\n")
    assert names(changed_since("main", repo / "specs"), repo) == {"specs/api.yaml"}


def test_nothing_changed(repo: Path) -> None:
    assert changed_since("HEAD", repo) == frozenset()


@pytest.mark.parametrize(("ref", "complaint"), [
    ("no-such-branch", "'no-such-branch' is not a commit this repository has"),
    ("--output=x", "'--output=x' is not a git ref"),
])
def test_a_ref_git_does_not_know_is_refused(repo: Path, ref: str, complaint: str) -> None:
    with pytest.raises(ChangedFilesError) as raised:
        changed_since(ref, repo)
    assert complaint in str(raised.value)


def test_outside_a_repository_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ChangedFilesError) as raised:
        changed_since("main", tmp_path)
    assert "is not inside a git repository" in str(raised.value)
