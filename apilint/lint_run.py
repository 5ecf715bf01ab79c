"""One ``apilint lint`` run, from the paths given to the report and the exit code."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from apilint.config import Config, ConfigError, find_config, read_config
from apilint.discovery import discover
from apilint.document import Document
from apilint.engine import Linter
from apilint.plugin_host import LoadedPlugins
from apilint.reporting import LintReport, PluginInfo
from apilint.rule_selection_builder import SelectionBuilder
from apilint.severity import Severity
from apilint.standards import Standard
from apilint.workspace import DEFAULT_MAX_FILE_SIZE, Workspace, display_path

__all__ = ["ConfigError", "ExitCode", "LintOptions", "LintRun", "run_lint", "source_root"]

INFORMATION_URI = "https://github.com/apilint/apilint"


class ExitCode(enum.IntEnum):
    CLEAN = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True, slots=True)
class LintOptions:
    """What the user asked for, already checked by the command line."""

    paths: tuple[str, ...]
    cwd: Path
    root: Path | None = None
    allow_remote_refs: bool = False
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    fail_level: Severity = Severity.ERROR
    color: bool = False
    stdin_name: str = "-"
    #: Rulesets named on the command line; when empty, the configuration's, or a ``.spectral.yaml``.
    rulesets: tuple[str, ...] = ()
    #: A configuration file for every document, instead of the nearest one.
    config: Path | None = None
    #: List the findings suppressions silenced (text, JSON) and include them in SARIF with their reasons.
    show_suppressed: bool = False
    #: Standards named on the command line (``nl-adr``, ``nl-adr@2.1``); when empty, the configuration's.
    standards: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LintRun:
    """The report to render (its ``notes`` are for the user, on standard error) and the exit code."""

    report: LintReport
    exit_code: ExitCode
    #: Each linted root document as shown to the user, with its OpenAPI format (None if unknown).
    documents: tuple[tuple[str, str | None], ...] = ()
    #: The standards the command line named, as they resolved.
    standards: tuple[Standard, ...] = ()


def source_root(cwd: Path) -> Path:
    """The top of the git checkout holding ``cwd``, or ``cwd`` itself outside one.

    Machine-readable reports give paths relative to it, which is what code-scanning
    services expect whatever directory the linter ran in.
    """
    for candidate in (cwd, *cwd.parents):
        if (candidate / ".git").exists():
            return candidate
    return cwd


def run_lint(options: LintOptions, plugins: LoadedPlugins, plugin_infos: list[PluginInfo],
             read_stdin: Callable[[], bytes] | None = None, tool_version: str = "") -> LintRun:
    """Lint what ``options`` names with every rule ``plugins`` registered."""
    cwd = options.cwd.resolve()
    srcroot = source_root(cwd)
    workspace = Workspace(options.root or cwd, cwd=cwd, allow_remote=options.allow_remote_refs,
                          max_file_size=options.max_file_size)
    selections = SelectionBuilder(plugins, cwd)
    stop_at = workspace.root
    linter = Linter(workspace, srcroot)
    notes: list[str] = []
    linted = 0
    documents: list[tuple[str, str | None]] = []

    configs: dict[Path, Config | None] = {}

    def config_for(directory: Path) -> Config | None:
        if options.config is not None:
            directory = options.config.parent  # one configuration for every document
        if directory not in configs:
            path = options.config or find_config(directory)
            configs[directory] = read_config(path, display_path(path, cwd)) if path is not None else None
        return configs[directory]

    def lint(document: Document, directory: Path) -> None:
        config = config_for(directory)
        standards = options.standards or (config.standards if config else ())
        rulesets = (options.rulesets or (config.rulesets if config else ())
                    or (() if standards else selections.nearby_ruleset(directory, stop_at)))
        linter.lint(document, selections.select((*rulesets, *selections.standard_names(standards))))
        documents.append((document.path, document.spec_format))

    file_paths = []
    for given in options.paths:
        if given != "-":
            path = Path(given) if Path(given).is_absolute() else cwd / given
            if not path.exists():
                raise FileNotFoundError(given)
            file_paths.append(path)
    # A broken ruleset or an unknown standard is reported before any file is read.
    selections.select((*options.rulesets, *selections.standard_names(options.standards)))
    if options.config is not None:
        config_for(cwd)
    if "-" in options.paths and read_stdin is not None:
        lint(workspace.add_text(options.stdin_name, read_stdin()), cwd)
        linted += 1
    for candidate in discover(file_paths):
        document = workspace.read_file(candidate.path)
        if document.parsed and not document.is_openapi:
            if candidate.explicit:
                notes.append(f"{document.path} is not an OpenAPI document (its root has no 'openapi' or "
                             "'swagger' key); skipped")
            continue
        lint(document, candidate.path.resolve().parent)
        linted += 1

    linter.finish()
    findings = linter.findings
    rules = sorted(linter.rules_run.values(), key=lambda rule: rule.id)
    report = LintReport(
        findings=findings,
        rules=rules,
        tool_name="apilint",
        tool_version=tool_version,
        information_uri=INFORMATION_URI,
        files_linted=linted,
        srcroot_uri=srcroot.as_uri().rstrip("/") + "/",
        color=options.color,
        tool_errors=tuple(linter.tool_errors),
        plugins=tuple(plugin_infos),
        notes=tuple(notes),
        suppressed=tuple(linter.suppressed),
        show_suppressed=options.show_suppressed,
    )
    if linter.tool_errors or plugins.errors:
        code = ExitCode.ERROR
    elif any(finding.severity.at_least(options.fail_level) for finding in findings):
        code = ExitCode.FINDINGS
    else:
        code = ExitCode.CLEAN
    return LintRun(report, code, tuple(documents),
                   tuple(selections.standards.resolve(name) for name in options.standards))
