"""``--changed-since REF``: the files git says changed on this branch since ``REF``.

The comparison starts at the merge base of ``REF`` and ``HEAD``, as a pull request's diff does,
so that changes made on ``REF`` after the branch left it do not count; it ends at the working
tree, so that staged, unstaged and untracked (not ignored) files count too. Deleted and renamed
files count by their old names as well, so that documents which referred to them are linted.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

__all__ = ["ChangedFilesError", "changed_since"]

_TIMEOUT_SECONDS = 60


class ChangedFilesError(Exception):
    """git could not say what changed: not a repository, an unknown ref, no common history."""


def _git(cwd: Path, *args: str) -> str:
    try:
        completed = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                                   timeout=_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise ChangedFilesError("git is not installed, or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise ChangedFilesError(f"git {args[0]} did not answer within {_TIMEOUT_SECONDS} s") from None
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise ChangedFilesError(detail[-1] if detail else f"git {args[0]} failed")
    return completed.stdout


def changed_since(ref: str, cwd: Path) -> frozenset[Path]:
    """The absolute paths of the files changed since ``ref``'s merge base with ``HEAD``, in the working tree."""
    if ref.startswith("-"):
        raise ChangedFilesError(f"{ref!r} is not a git ref")
    try:
        top = Path(_git(cwd, "rev-parse", "--show-toplevel").strip())
    except ChangedFilesError:
        raise ChangedFilesError(f"{cwd} is not inside a git repository") from None
    try:
        _git(cwd, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except ChangedFilesError:
        raise ChangedFilesError(f"{ref!r} is not a commit this repository has (in a shallow CI clone, fetch "
                                "more history, e.g. fetch-depth: 0)") from None
    try:
        base = _git(cwd, "merge-base", ref, "HEAD").strip()
    except ChangedFilesError:
        raise ChangedFilesError(f"{ref!r} and HEAD have no common history (in a shallow CI clone, fetch more "
                                "history, e.g. fetch-depth: 0)") from None
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", base, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    return frozenset((top / name).resolve() for name in names if name)
