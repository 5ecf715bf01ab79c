"""The files of one run: reading them once, and resolving ``$ref`` between them.

Every file is read at most once per run and shared by every root document that refers
to it. Nothing outside the project root is read and nothing is fetched from the network
unless the user allows it; a reference that is not followed is a finding, not a silence.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from apilint.document import Document, read_document
from apilint.pointer import decode_fragment, pointer_tokens
from apilint.reading import NotReadable, ReadProblem, read_regular_file

__all__ = ["MAX_REF_CHAIN", "RefError", "RefTarget", "Workspace", "display_path"]

#: Documents larger than this are not read (``--max-file-size`` changes it).
DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
_REMOTE_TIMEOUT_SECONDS = 10.0
#: The most ``$ref`` objects in a row that :meth:`Workspace.follow` goes through. Cycles are found
#: without it; it only bounds a chain through that many different files or nodes.
MAX_REF_CHAIN = 10_000


@dataclass(frozen=True, slots=True)
class RefTarget:
    """Where a ``$ref`` leads: the document, the pointer in it, and the value there."""

    document: Document
    pointer: str
    value: Any


@dataclass(frozen=True, slots=True)
class RefError:
    """Why a ``$ref`` was not followed. ``kind`` is the id of the core rule that reports it."""

    kind: str
    message: str
    #: The file the reference leads to, when it was read but could not be parsed.
    document: Document | None = None


def display_path(path: Path, cwd: Path) -> str:
    """``path`` relative to ``cwd`` when it lies below it, with POSIX separators; else absolute."""
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


class Workspace:
    """Reads files and resolves references for one run."""

    def __init__(
        self,
        root: Path,
        *,
        cwd: Path | None = None,
        allow_remote: bool = False,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
        in_parallel: bool = False,
    ) -> None:
        self.root = root.resolve()
        self.cwd = (cwd or Path.cwd()).resolve()
        self.allow_remote = allow_remote
        self.max_file_size = max_file_size
        #: Whether a large file may be read in two processes (see :func:`~apilint.document.read_document`).
        self.in_parallel = in_parallel
        self._documents: dict[str, Document] = {}
        self._resolved: dict[tuple[str, str], RefTarget | RefError] = {}
        # By (uri, pointer) of a $ref object: the loop of $ref objects it is part of and its place
        # there, or None.
        self._loops: dict[tuple[str, str], tuple[tuple[tuple[Document, str], ...], int] | None] = {}

    # -- reading

    def documents(self) -> Iterator[Document]:
        """Every document read so far, in the order they were first read."""
        return iter(list(self._documents.values()))

    def document(self, uri: str) -> Document | None:
        """The document already read from ``uri``, if any."""
        return self._documents.get(uri)

    def document_at(self, uri: str) -> Document | None:
        """The document read from ``uri``, reading it now if it is a local file; None for another kind."""
        known = self._documents.get(uri)
        if known is not None or not uri.startswith("file:"):
            return known
        return self.read_file(Path(unquote(urlsplit(uri).path)))

    @contextmanager
    def reading_in_one_process(self) -> Iterator[None]:
        """Read every file in one process for the block, as while two processes share a document's rules."""
        before, self.in_parallel = self.in_parallel, False
        try:
            yield
        finally:
            self.in_parallel = before

    def read_file(self, path: Path) -> Document:
        """Read ``path`` (cached by its resolved location)."""
        resolved = path.resolve()
        uri = resolved.as_uri()
        if uri in self._documents:
            return self._documents[uri]
        document = self._read_path(uri, display_path(resolved, self.cwd), resolved)
        self._documents[uri] = document
        return document

    def add_text(self, name: str, raw: bytes) -> Document:
        """Register a document that does not come from a file (standard input).

        ``raw`` may be read up to one byte past ``max_file_size`` (standard input has no size to
        ask first), which makes it too large, as a file would be.
        """
        uri = (self.cwd / name).as_uri() if name != "-" else "stdin:"
        shown = name if name != "-" else "<stdin>"
        if len(raw) > self.max_file_size:
            document = _unreadable(uri, shown, f"is larger than the limit of {self.max_file_size:,} bytes "
                                               "(--max-file-size)")
        else:
            document = read_document(uri, shown, raw, in_parallel=self.in_parallel)
        if uri in self._documents:
            self._resolved.clear()  # references into the text it replaces resolve differently now
            self._loops.clear()
        self._documents[uri] = document
        return document

    def _read_path(self, uri: str, shown: str, path: Path) -> Document:
        try:
            raw = read_regular_file(path, self.max_file_size)
        except NotReadable as reason:
            return _unreadable(uri, shown, str(reason))
        return read_document(uri, shown, raw, in_parallel=self.in_parallel)

    def _fetch(self, url: str) -> Document:
        if url in self._documents:
            return self._documents[url]
        from apilint.remote import fetch_remote  # only runs that allow remote refs pay for urllib

        raw, problem = fetch_remote(url, timeout=_REMOTE_TIMEOUT_SECONDS, max_bytes=self.max_file_size)
        document = _unreadable(url, url, problem) if problem is not None \
            else read_document(url, url, raw, in_parallel=self.in_parallel)
        self._documents[url] = document
        return document

    # -- references

    def resolve(self, document: Document, ref: object) -> RefTarget | RefError:
        """Resolve one ``$ref`` value written in ``document`` (anything but a string is a malformed one)."""
        if not isinstance(ref, str):
            kind = ("null" if ref is None else "a boolean" if isinstance(ref, bool)
                    else "a number" if isinstance(ref, int | float) else "a list" if isinstance(ref, list)
                    else "an object")
            return RefError("invalid-ref", f"$ref must be a string holding a reference, not {kind}")
        if not ref:
            return RefError("invalid-ref", "$ref must be a non-empty string")
        # The walk, the reference checks and resolved values each resolve the same references, and
        # parsing a reference costs more than following it: each is worked out once per document.
        key = (document.uri, ref)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolved[key] = self._resolve(document, ref)
        return found

    def _resolve(self, document: Document, ref: str) -> RefTarget | RefError:
        try:
            address, fragment = urldefrag(ref)
            if "#" in ref and not ref.split("#", 1)[1] and not address:
                fragment = ""
            pointer = decode_fragment(fragment)
            if pointer and not pointer.startswith("/"):
                return RefError("invalid-ref", f"'{ref}': the part after '#' must be a JSON pointer starting "
                                               "with '/' (anchors by name are not supported)")
            target_doc: Document | RefError = document if not address else self._document_for(document, address)
        except ValueError as error:
            return RefError("invalid-ref", f"'{ref}' is not a valid reference: {error}")
        if isinstance(target_doc, RefError):
            return target_doc
        if not target_doc.parsed:
            unreadable = [p.message for p in target_doc.problems if p.kind == "unreadable-file"]
            if unreadable:
                return RefError("invalid-ref", f"'{ref}' cannot be followed: {unreadable[0]}")
            return RefError("invalid-ref", f"'{ref}' points into {target_doc.path}, which could not be read "
                                           "(its own findings say why)", target_doc)
        value = _lookup(target_doc.data, pointer)
        if value is _MISSING:
            where = "this file" if target_doc is document else target_doc.path
            return RefError("invalid-ref", f"'{ref}' does not resolve: {where} has nothing at '{pointer or '/'}'")
        return RefTarget(target_doc, pointer, value)

    def _document_for(self, document: Document, address: str) -> Document | RefError:
        scheme = urlsplit(address).scheme.lower()
        base = document.uri if document.uri != "stdin:" else self.cwd.as_uri() + "/"
        if scheme in ("http", "https") or (not scheme and base.startswith(("http://", "https://"))):
            url = urljoin(base, address)
            if not self.allow_remote:
                return RefError("ref-not-followed", f"remote reference '{url}' was not fetched; "
                                                    "pass --allow-remote-refs to fetch it")
            return self._fetch(url)
        if scheme and scheme != "file" and len(scheme) > 1:
            return RefError("invalid-ref", f"'{address}': the '{scheme}:' scheme is not supported")
        parts = urlsplit(address if scheme == "file" else urljoin(base, address.replace(os.sep, "/")))
        if parts.netloc not in ("", "localhost"):
            # A network-path reference (//host/api.yaml) or a file://host/ URL names a file on another
            # machine; taken for a local path, the host was dropped and /api.yaml read instead.
            return RefError("ref-not-followed", f"'{address}' names the host '{parts.netloc}'; files on other "
                                                "machines are not read")
        resolved = Path(unquote(parts.path)).resolve()
        if not resolved.is_relative_to(self.root):
            return RefError("ref-not-followed", f"'{address}' leads to {resolved.as_posix()}, outside the project "
                                                f"root {self.root.as_posix()}; pass --root with a directory that "
                                                "contains both to follow it")
        if not resolved.exists():
            return RefError("invalid-ref", f"'{address}' does not resolve: {display_path(resolved, self.cwd)} "
                                           "does not exist")
        return self.read_file(resolved)

    def reference_loop(self, document: Document, pointer: str) -> tuple[tuple[tuple[Document, str], ...], int] | None:
        """The loop of ``$ref`` objects that the one at ``pointer`` is part of, and its place in it:
        the references lead from each object of the loop to the next, and from the last back to the
        first, so that none of them reaches a value.

        None when the chain from ``pointer`` reaches a value, breaks, or runs into a loop that does
        not come back to it (the objects of that loop are the ones to report). Every object on a
        chain is settled the first time a chain passes it, and a loop is kept once for all its
        objects, so checking all of a document's references takes time in proportion to their number.
        """
        start = (document.uri, pointer)
        if start not in self._loops:
            chain: list[tuple[Document, str]] = []
            places: dict[tuple[str, str], int] = {}
            current: tuple[Document, str, Any] = (document, pointer, _lookup(document.data, pointer))
            # Where the loop the chain comes back to begins; past the end of any chain while there is none.
            loop_start = MAX_REF_CHAIN + 2
            while len(chain) <= MAX_REF_CHAIN:
                here, at, value = current
                place = (here.uri, at)
                if place in places:
                    loop_start = places[place]
                    break
                if place in self._loops:  # settled by an earlier chain: nothing before it is in a loop
                    break
                places[place] = len(chain)
                chain.append((here, at))
                ref = value.get("$ref") if isinstance(value, dict) else None
                target = self.resolve(here, ref) if isinstance(ref, str) else None
                if not isinstance(target, RefTarget):  # a value, or a broken reference
                    break
                current = (target.document, target.pointer, target.value)
            loop = tuple(chain[loop_start:])
            for number, (member, at) in enumerate(chain):
                self._loops[(member.uri, at)] = (loop, number - loop_start) if number >= loop_start else None
        return self._loops[start]

    def follow(self, document: Document, pointer: str, value: Any) -> tuple[Document, str, Any]:
        """Follow a chain of ``$ref`` objects starting at ``value`` to the node they lead to.

        Stops at the first reference that cannot be followed, or on a cycle, and returns
        the last node reached; the reference problem itself is reported elsewhere.
        """
        seen: set[tuple[str, str]] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            if (document.uri, pointer) in seen or len(seen) >= MAX_REF_CHAIN:
                break
            seen.add((document.uri, pointer))
            target = self.resolve(document, value["$ref"])
            if isinstance(target, RefError):
                break
            document, pointer, value = target.document, target.pointer, target.value
        return document, pointer, value


_MISSING = object()


def _lookup(data: Any, pointer: str) -> Any:
    current = data
    try:
        for token in pointer_tokens(pointer):
            if isinstance(current, dict) and token in current:
                current = current[token]
            elif isinstance(current, list) and token.isdigit() and int(token) < len(current):
                current = current[int(token)]
            else:
                return _MISSING
    except ValueError:
        return _MISSING
    return current


def _unreadable(uri: str, shown: str, reason: str) -> Document:
    return Document(uri, shown, "", None, [ReadProblem("unreadable-file", f"{shown} {reason}", 0, 0, True)])
