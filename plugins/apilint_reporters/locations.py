"""Where a finding is, named as CI servers name files: by path relative to the repository root."""

from __future__ import annotations

from urllib.parse import unquote

from apilint.findings import Finding
from apilint.reporting import LintReport

__all__ = ["repo_file"]


def repo_file(report: LintReport, finding: Finding) -> str | None:
    """The finding's file relative to the source root, as a file path; None for a file outside it.

    ``LintReport.repo_path`` gives the part of the file's URI below the root, in which a space
    or a non-ASCII letter is percent-encoded; GitHub and GitLab look files up by their names.
    """
    path = report.repo_path(finding)
    return None if path == finding.uri else unquote(path)
