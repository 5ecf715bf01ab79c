"""Which files a document reaches through ``$ref``, read from the text without parsing it.

Two features need the files a document pulls in before anything is linted: ``--jobs``, which
keeps documents that share files in one process (so that a shared file is checked, and its
findings and suppressions judged, exactly as in a serial run), and ``--changed-since``, which
lints the documents that reach a changed file. Parsing every document to learn that would cost
what linting costs, so the ``$ref`` values are found in the raw text with a pattern instead.

The pattern reads ``$ref`` keys with plain, single- or double-quoted values, in YAML and JSON.
A ``$ref`` whose value it cannot read (an alias, a block scalar, a value on the next line) makes
the file *uncertain*: it may reach any file. Callers treat that conservatively (one process for
everything; lint the document). A ``$ref`` that is not one (inside a description) only adds an
edge, which costs parallelism, never correctness.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from apilint.reading import NotReadable, read_regular_file

__all__ = ["FileReferences", "ReferenceGraph", "connected_groups", "scan_references"]

# A ``$ref`` key, quoted or not, then its value: double-quoted (JSON escapes), single-quoted, plain, or missing.
# The pattern starts at the literal ``$ref`` (an opening quote would change nothing that is read), which
# lets the engine skip ahead to each one: five times faster than starting at an optional quote.
_REF = re.compile(
    rb"""\$ref["']?[ \t]*:[ \t]*"""
    rb"""(?P<value>"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*'|[^\s'"#,{}\[\]][^\s,{}\[\]]*|)""")
# Values that stand for something the text does not spell out here.
_UNREADABLE_START = (b"*", b"&", b"!", b"|", b">")
_QUOTES = (b'"', b"'")


@dataclass(frozen=True, slots=True)
class FileReferences:
    """The files one text refers to, and whether some reference could not be read."""

    targets: frozenset[Path]
    uncertain: bool


def scan_references(raw: bytes, folder: Path) -> FileReferences:
    """The files the ``$ref``s in ``raw`` name, resolved against ``folder``; remote ones are left out."""
    targets: set[Path] = set()
    uncertain = False
    for match in _REF.finditer(raw):
        value = match.group("value")
        if value[1:2] == b"#" and value[:1] in _QUOTES:
            continue  # a pointer into the same document (most references): no file to decode
        if not value or value.startswith(_UNREADABLE_START):
            uncertain = True
            continue
        text = _unquoted(value)
        if text is None:
            uncertain = True
            continue
        target = _file_part(text, folder)
        if target is not None:
            targets.add(target)
    return FileReferences(frozenset(targets), uncertain)


def _unquoted(value: bytes) -> str | None:
    try:
        if value.startswith(b'"'):
            decoded = json.loads(value.decode("utf-8"))
            return decoded if isinstance(decoded, str) else None
        text = value.decode("utf-8")
    except (UnicodeDecodeError, ValueError):
        return None
    return text[1:-1].replace("''", "'") if text.startswith("'") else text


def _file_part(reference: str, folder: Path) -> Path | None:
    """The file a reference names; None for a pointer into the same document, a remote URL, or no file at all."""
    location = reference.split("#", 1)[0]
    if not location:
        return None
    try:
        parts = urlsplit(location)
        if parts.scheme == "file":
            return Path(unquote(parts.path)).resolve()
        if len(parts.scheme) > 1:  # http(s) and other schemes name no local file; one letter is a drive
            return None
        return (folder / unquote(location)).resolve()
    except (OSError, ValueError):  # a NUL byte, a lone surrogate, a broken URL: linting reports the reference
        return None


class ReferenceGraph:
    """Files and the files they refer to, scanned on demand, once each."""

    def __init__(self, max_file_size: int) -> None:
        self.max_file_size = max_file_size
        self._scanned: dict[Path, FileReferences] = {}
        # Resolving a path asks the file system about each of its folders.
        self._real: dict[Path, Path] = {}

    def _resolved(self, path: Path) -> Path:
        real = self._real.get(path)
        if real is None:
            real = self._real[path] = path.resolve()
        return real

    def references_of(self, path: Path) -> FileReferences:
        """What ``path`` refers to; a file that cannot be read refers to nothing (reading it reports why)."""
        resolved = self._resolved(path)
        found = self._scanned.get(resolved)
        if found is None:
            found = FileReferences(frozenset(), False)
            with contextlib.suppress(NotReadable):  # then it refers to nothing; reading it reports why
                found = scan_references(read_regular_file(resolved, self.max_file_size), resolved.parent)
            self._scanned[resolved] = found
        return found

    def reach(self, start: FileReferences, own: Path | None = None) -> tuple[frozenset[Path], bool]:
        """Every file reachable from a text whose references are ``start`` (``own``: its file, if any).

        Returns the files (``own`` included) and whether any file on the way was uncertain.
        """
        reached: set[Path] = {self._resolved(own)} if own is not None else set()
        uncertain = start.uncertain
        pending = [target for target in start.targets if target not in reached]
        while pending:
            path = pending.pop()
            if path in reached:
                continue
            reached.add(path)
            found = self.references_of(path)
            uncertain = uncertain or found.uncertain
            pending.extend(target for target in found.targets if target not in reached)
        return frozenset(reached), uncertain

    def reach_of_file(self, path: Path, real: Path | None = None) -> tuple[frozenset[Path], bool]:
        """What ``reach`` returns for the file ``path``; ``real`` is its resolved path, if known already."""
        if real is not None:
            self._real.setdefault(path, real)
        return self.reach(self.references_of(path), path)


def connected_groups(reaches: Iterable[frozenset[Path]]) -> list[list[int]]:
    """Indices of the reaches, grouped so that reaches sharing a file are in one group, in index order."""
    parent: list[int] = []
    owner: dict[Path, int] = {}

    def find(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for index, files in enumerate(reaches):
        parent.append(index)
        for path in files:
            other = owner.setdefault(path, index)
            if other != index:
                first, second = find(other), find(index)
                if first != second:
                    parent[max(first, second)] = min(first, second)
    groups: dict[int, list[int]] = {}
    for index in range(len(parent)):
        groups.setdefault(find(index), []).append(index)
    return sorted(groups.values())
