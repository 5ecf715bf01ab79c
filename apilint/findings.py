"""What rules yield and what the linter reports."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from apilint.severity import Severity
from apilint.sourcemap import Span

if TYPE_CHECKING:
    from apilint.document import Document

__all__ = ["Finding", "ToolError", "Violation"]


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule yields: a message about the node at ``pointer``.

    ``document`` is the file that holds the node; leave it None for the document being
    linted. A rule that follows a ``$ref`` into another file passes that file's document,
    so the finding is located where the node is written. ``severity`` overrides the rule's
    level for this one violation, which few rules need.
    """

    pointer: str
    message: str
    document: Document | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A located, reportable problem.

    ``path`` is the file's path as shown to people (relative to the working directory
    when it lies below it, POSIX separators); ``uri`` is the absolute location used to
    tell files apart. ``span`` is 1-based.
    """

    rule_id: str
    severity: Severity
    message: str
    path: str
    uri: str
    pointer: str
    span: Span
    clause: str | None = None
    fingerprint: str = field(default="", compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str, str]:
        return (self.path, self.span.start_line, self.span.start_column, self.severity.rank,
                self.rule_id, self.pointer, self.message)


def fingerprint(rule_id: str, path: str, pointer: str, message: str) -> str:
    """A stable identity for a finding: the same problem at the same node gets the same value.

    Lines are left out on purpose: reformatting a file or moving a block does not change
    which node a finding is about, so it does not change the fingerprint.
    """
    digest = hashlib.sha256("\x1f".join((rule_id, path, pointer, message)).encode("utf-8"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class ToolError:
    """apilint itself, or a plugin, failed; the run goes on but is not trustworthy."""

    message: str
    plugin: str | None = None
    rule_id: str | None = None
    path: str | None = None
