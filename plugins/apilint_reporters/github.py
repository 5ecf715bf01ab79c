"""The ``github`` format: GitHub Actions workflow commands, which GitHub shows as annotations.

Printed by a workflow step, each line becomes an annotation on the run's summary page and,
for a pull request, on the line it is about in the diff::

    ::error file=specs/api.yaml,line=12,col=5,endLine=12,endColumn=8,title=operation-id-unique::operationId ...

Errors become ``error`` commands, warnings ``warning``, infos and hints ``notice``. ``file``
is relative to the source root (the repository root in a git checkout), which is where GitHub
looks for it whatever directory apilint ran in. Values are escaped as GitHub's own toolkit
(``@actions/core``) escapes them, so a message cannot end the command early, add a property or
start a command of its own; a line break in a message is kept, as GitHub shows it.

The output is the annotations and nothing else, in the report's order: no summary, which the
step's log and exit code already give. With a baseline only new findings are annotated; gone
entries have no place to be shown. A failure of apilint or a plugin is an ``error`` command
titled ``apilint`` with no file.
"""

from __future__ import annotations

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint_reporters.listing import listed_findings
from apilint_reporters.messages import clause_suffix, multiline, visible_controls

__all__ = ["GithubReporter"]

_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARN: "warning",
    Severity.INFO: "notice",
    Severity.HINT: "notice",
}


class GithubReporter:
    """The report as GitHub Actions ``::error``, ``::warning`` and ``::notice`` commands."""

    name = "github"
    description = "GitHub Actions workflow commands: one annotation per finding, for pull requests."

    def render(self, report: LintReport) -> str:
        lines = [_annotation(report, finding) for finding in listed_findings(report)]
        lines += [_command("error", {"title": report.tool_name}, multiline(error.message))
                  for error in report.tool_errors]
        return "".join(f"{line}\n" for line in lines)


def _annotation(report: LintReport, finding: Finding) -> str:
    span = finding.span
    message = multiline(finding.message) + clause_suffix(finding)
    path = report.repo_file(finding)
    if path is None:
        # Outside the source root (or standard input) GitHub has no file to put the annotation
        # on, so it goes on the run alone and the message says where the problem is.
        location = f"{visible_controls(finding.path)}:{span.start_line}:{span.start_column}"
        return _command(_COMMANDS[finding.severity], {"title": finding.rule_id}, f"{location}: {message}")
    start_line = max(1, span.start_line)
    end_line = max(start_line, span.end_line)
    properties = {"file": path, "line": str(start_line), "col": str(max(1, span.start_column))}
    # A node written on several lines (an operation, the info object) is annotated where it starts,
    # as the text format points at it: GitHub shows a range's annotation below its last line, far
    # from the key it is about, and keeps columns only within one line.
    if end_line == start_line:
        properties |= {"endLine": str(end_line), "endColumn": str(max(1, span.end_column))}
    properties["title"] = finding.rule_id
    return _command(_COMMANDS[finding.severity], properties, message)


def _command(command: str, properties: dict[str, str], message: str) -> str:
    listed = ",".join(f"{key}={_escape_property(visible_controls(value))}" for key, value in properties.items())
    return f"::{command} {listed}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    """As ``escapeData`` in @actions/core: the runner reads the command up to the line's end."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """As ``escapeProperty`` in @actions/core: ``:`` would end the properties, ``,`` start another."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
