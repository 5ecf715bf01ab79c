"""Turning the paths a user names into the files to lint."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from apilint.reading import NotReadable, read_regular_file

__all__ = ["Candidate", "discover"]

SUFFIXES = (".yaml", ".yml", ".json")
# Folders that hold dependencies, tools' state or build output, never API descriptions to lint.
_SKIPPED_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__",
                           ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
# A root-level ``openapi:``/``swagger:`` key, in YAML (at column 0) or JSON (after ``{`` or ``,``).
_OPENAPI_KEY = re.compile(rb"""(?:^|[{,]\s*)["']?(?:openapi|swagger)["']?\s*:""", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to lint. ``explicit`` files were named by the user; others were found in a folder."""

    path: Path
    explicit: bool
    #: ``path`` with symbolic links resolved, worked out once here for every later use.
    real: Path


def discover(paths: list[Path], excluded: Callable[[Path], bool] = lambda path: False) -> Iterator[Candidate]:
    """Files named, and the OpenAPI documents under folders named, sorted within each folder.

    Inside folders, files and folders for which ``excluded`` is true are passed over (a
    configuration's ``exclude``); files named are always yielded, for the caller to decide.
    The paths must exist; the command line checks that, since a typo there is a usage error.
    """
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for found, real in _walk(path, excluded):
                if real not in seen:
                    seen.add(real)
                    yield Candidate(found, explicit=False, real=real)
        else:
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                yield Candidate(path, explicit=True, real=real)


def _walk(folder: Path, excluded: Callable[[Path], bool]) -> Iterator[tuple[Path, Path]]:
    """The OpenAPI files below ``folder``, each with its real path."""
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories
                                   if d not in _SKIPPED_DIRS and not excluded(Path(directory, d)))
        # Resolving a path asks the file system about every folder on the way: once per folder,
        # then one question per file (whether it is a link itself).
        real_directory: Path | None = None
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES):
                path = Path(directory, name)
                if not excluded(path) and looks_like_openapi(path):
                    if os.path.islink(path):
                        yield path, path.resolve()
                    else:
                        real_directory = real_directory or Path(directory).resolve()
                        yield path, real_directory / name


def looks_like_openapi(path: Path) -> bool:
    """A cheap test that a file may be an OpenAPI document; parsing decides for sure."""
    try:
        # Not open(): a named pipe called api.yaml would block the walk of the folder forever.
        head = read_regular_file(path, 1024 * 1024, whole=False)
    except NotReadable:
        return False
    return _OPENAPI_KEY.search(head) is not None
