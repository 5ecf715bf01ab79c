"""Reading a standard's ``standard.yaml`` and checking it, with the line of every problem."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from apilint.document import Document, read_document
from apilint.pointer import join_pointer
from apilint.standards.model import CHECKABILITY, LEVELS, STATUSES, Clause, Standard, StandardError

__all__ = ["read_standard"]

_ID = re.compile(r"^[a-z][a-z0-9-]*$")
_VERSION = re.compile(r"^\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$")
_REQUIRED = ("id", "version", "title", "owner", "status", "published", "source", "licence", "clauses")
_OPTIONAL = ("linter",)
_CLAUSE_REQUIRED = ("id", "title", "level", "url", "checkable")
_CLAUSE_OPTIONAL = ("note",)


class _Checker:
    def __init__(self, document: Document) -> None:
        self.document = document

    def fail(self, message: str, pointer: str) -> StandardError:
        return StandardError(message, self.document.path, self.document.span(pointer).start_line)

    def text(self, mapping: dict[str, Any], key: str, pointer: str) -> str:
        value = mapping.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be a non-empty string", join_pointer(pointer, key))
        return value.strip()

    def keys(self, mapping: Any, required: tuple[str, ...], optional: tuple[str, ...], pointer: str,
             what: str) -> dict[str, Any]:
        if not isinstance(mapping, dict):
            raise self.fail(f"{what} must be a mapping", pointer)
        for key in mapping:
            if key not in required and key not in optional:
                raise self.fail(f"unknown key '{key}' in {what}", join_pointer(pointer, key))
        for key in required:
            if key not in mapping:
                raise self.fail(f"{what} has no '{key}'", pointer)
        return mapping

    def choice(self, mapping: dict[str, Any], key: str, allowed: tuple[str, ...], pointer: str) -> str:
        value = self.text(mapping, key, pointer)
        if value not in allowed:
            raise self.fail(f"'{key}' must be one of {', '.join(allowed)} (got '{value}')", join_pointer(pointer, key))
        return value


def read_standard(folder: Path, shown: str) -> Standard:
    """The standard described by ``folder/standard.yaml``; raises :class:`StandardError` naming file and line."""
    path = folder / "standard.yaml"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StandardError(f"cannot read the standard: {error.strerror or error}", f"{shown}/standard.yaml") from None
    document = read_document(path.resolve().as_uri(), f"{shown}/standard.yaml", raw)
    if not document.parsed:
        problem = document.problems[0]
        raise StandardError(problem.message, document.path, document.lines.position(problem.start)[0])
    check = _Checker(document)
    data = check.keys(document.data, _REQUIRED, _OPTIONAL, "", "a standard")
    standard_id = check.text(data, "id", "")
    if not _ID.match(standard_id):
        raise check.fail("'id' must be lower-case letters, digits and hyphens", "/id")
    version = check.text(data, "version", "")
    if not _VERSION.match(version):
        raise check.fail("'version' must be a version number such as 2.1.0", "/version")
    if not isinstance(data["clauses"], list) or not data["clauses"]:
        raise check.fail("'clauses' must be a non-empty list", "/clauses")
    clauses: list[Clause] = []
    for index, entry in enumerate(data["clauses"]):
        pointer = f"/clauses/{index}"
        entry = check.keys(entry, _CLAUSE_REQUIRED, _CLAUSE_OPTIONAL, pointer, "a clause")
        clause = Clause(
            id=check.text(entry, "id", pointer),
            title=check.text(entry, "title", pointer),
            level=check.choice(entry, "level", LEVELS, pointer),
            url=check.text(entry, "url", pointer),
            checkable=check.choice(entry, "checkable", CHECKABILITY, pointer),
            note=check.text(entry, "note", pointer) if "note" in entry else "",
        )
        if any(existing.id == clause.id for existing in clauses):
            raise check.fail(f"clause '{clause.id}' is listed twice", join_pointer(pointer, "id"))
        clauses.append(clause)
    linter: tuple[tuple[str, str], ...] = ()
    if "linter" in data:
        fields = check.keys(data["linter"], ("name", "url"), ("version",), "/linter", "'linter'")
        linter = tuple((key, check.text(fields, key, "/linter")) for key in ("name", "url", "version")
                       if key in fields)
    ruleset = folder / "ruleset.yaml"
    if not ruleset.is_file():
        raise StandardError("the standard has no ruleset.yaml beside its standard.yaml", document.path)
    return Standard(
        id=standard_id,
        version=version,
        title=check.text(data, "title", ""),
        owner=check.text(data, "owner", ""),
        status=check.choice(data, "status", STATUSES, ""),
        published=check.text(data, "published", ""),
        source=check.text(data, "source", ""),
        licence=check.text(data, "licence", ""),
        clauses=tuple(clauses),
        ruleset=ruleset,
        linter=linter,
    )
