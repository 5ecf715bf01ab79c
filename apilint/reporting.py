"""The interface between a finished run and the output formats that render it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from urllib.parse import unquote

from apilint.findings import Finding, ToolError
from apilint.rules import Rule

if TYPE_CHECKING:
    # Only a type here: reporters that never see a baseline need not load the file reader.
    from apilint.baseline import BaselineComparison

__all__ = ["LintReport", "PluginInfo", "Reporter"]


@dataclass(frozen=True, slots=True)
class PluginInfo:
    """A loaded plugin: its name, the distribution that ships it, and that distribution's version."""

    name: str
    distribution: str | None = None
    version: str | None = None


@dataclass(frozen=True, slots=True)
class LintReport:
    """Everything a reporter may show about one run.

    ``findings`` are sorted (path, line, column, severity, rule). ``rules`` are every rule
    that ran, sorted by id, so formats that list rules (SARIF) are complete and stable.
    ``srcroot`` is the absolute directory that paths in machine formats are relative to
    (the repository root when linting inside a git checkout), as a ``file://`` URI ending
    in ``/``. ``suppressed`` are the findings that suppressions in the documents silenced, each
    with the suppression's reason; formats count them, and list them when ``show_suppressed``.
    ``baseline`` is set when the run was compared with a baseline file: ``findings`` still
    holds every finding, and formats tell new findings from those the baseline already has
    (``baseline.state``) and report the baseline's entries that are gone (``baseline.absent``).
    Suppressed findings take no part in that comparison. ``documents`` are the root documents
    linted, as their paths are shown (like :attr:`Finding.path`), in the order they were read.
    """

    findings: Sequence[Finding]
    rules: Sequence[Rule]
    tool_name: str
    tool_version: str
    information_uri: str
    files_linted: int
    srcroot_uri: str
    color: bool = False
    tool_errors: Sequence[ToolError] = ()
    plugins: Sequence[PluginInfo] = ()
    notes: Sequence[str] = field(default_factory=tuple)
    suppressed: Sequence[tuple[Finding, str]] = ()
    show_suppressed: bool = False
    baseline: BaselineComparison | None = None
    documents: Sequence[str] = ()

    def repo_path(self, finding: Finding) -> str:
        """The finding's file relative to ``srcroot`` (POSIX), or its absolute URI when outside it.

        Relative or not, it is part of a URI: a space or a non-ASCII letter is percent-encoded.
        """
        if finding.uri.startswith(self.srcroot_uri):
            return finding.uri[len(self.srcroot_uri):]
        return finding.uri

    def repo_file(self, finding: Finding) -> str | None:
        """The finding's file relative to ``srcroot`` as a file path (POSIX, nothing percent-encoded),
        as CI servers and people name files; None for a file outside the source root."""
        path = self.repo_path(finding)
        return None if path == finding.uri else unquote(path)


class Reporter(Protocol):
    """An output format. Reporters are plugins registered through ``apilint_register_reporters``."""

    #: The name users pass to ``--format``.
    name: str
    #: One line for ``--help`` and ``apilint plugins``.
    description: str

    def render(self, report: LintReport) -> str:
        """The whole output for ``report``, as text. It must not print or write files."""
        ...
