"""The command line: parses options, runs, renders, and maps the outcome to an exit code.

Exit codes: 0 no finding at or above the fail level, 1 findings at or above it,
2 a usage, configuration or internal error. No input makes apilint print a traceback;
set ``APILINT_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from apilint import __version__
from apilint.atomic_output import write_atomically
from apilint.baseline import BaselineError, render_baseline
from apilint.changed_files import ChangedFilesError
from apilint.lint_run import ConfigError, Configurations, ExitCode, LintOptions, LintRun, PluginLoader, run_lint
from apilint.output_targets import DEFAULT_FORMAT, OutputTargetError, plan_outputs
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.progress import ProgressBar, progress_wanted
from apilint.reporting import PluginInfo
from apilint.rule_docs import render_rule_page, render_rule_text
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rule_selectors import SelectorError, Selectors
from apilint.rulesets import RulesetError
from apilint.severity import Severity
from apilint.standards import StandardCatalog, StandardError
from apilint.standards.conformance import build_conformance
from apilint.standards.documentation import render_standard_page, rules_by_clause
from apilint.statistics import render_statistics
from apilint.time_limits import DEFAULT_RULE_TIME_LIMIT
from apilint.usable_cpus import usable_cpus

__all__ = ["app", "main"]

app = typer.Typer(
    name="apilint",
    help="Lint OpenAPI 2.0, 3.0 and 3.1 documents against style and API design standards.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class ColorChoice(enum.StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


class FailLevel(enum.StrEnum):
    ERROR = "error"
    WARN = "warn"
    INFO = "info"
    HINT = "hint"


def _error(message: str) -> typer.Exit:
    typer.echo(f"apilint: error: {message}", err=True)
    return typer.Exit(ExitCode.ERROR)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"apilint {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version_callback, is_eager=True,
                                          help="Print apilint's version and exit.")] = False,
) -> None:
    """Lint OpenAPI 2.0, 3.0 and 3.1 documents against style and API design standards."""


def _load_plugins(disabled: list[str]) -> tuple[PluginHost, LoadedPlugins]:
    host = PluginHost()
    host.load_entry_points(disabled)
    return host, host.collect()


def _run_lint(options: LintOptions, host: PluginHost, loaded: LoadedPlugins, disabled: list[str],
              on_progress: Callable[[int, int], None] | None = None) -> LintRun:
    """Run the linter; a missing file or a bad ruleset, standard, configuration, selector, baseline or git ref
    is one error line."""
    with _usage_errors():
        # One byte past the limit is enough to know the document is too large, and never more is held.
        run = run_lint(options, loaded, list(host.infos.values()),
                       read_stdin=lambda: sys.stdin.buffer.read(options.max_file_size + 1),
                       tool_version=__version__, load_plugins=_plugin_loader(disabled), on_progress=on_progress)
    return run


@contextlib.contextmanager
def _usage_errors() -> Iterator[None]:
    """Turn what the user must fix before anything can run into one error line and exit code 2."""
    try:
        yield
    except FileNotFoundError as missing:
        raise _error(f"no such file or directory: {missing.args[0]}") from None
    except RulesetError as error:
        raise _error(f"bad ruleset: {error}") from None
    except StandardError as error:
        raise _error(f"bad standard: {error}") from None
    except ConfigError as error:
        raise _error(f"bad configuration: {error}") from None
    except SelectorError as error:
        raise _error(f"bad selector: {error}") from None
    except BaselineError as error:
        raise _error(f"bad baseline: {error}") from None
    except ChangedFilesError as error:
        raise _error(f"--changed-since: {error}") from None


def _emit(rendered: str, output: Path | None) -> None:
    """Write a report to ``output`` (whole or not at all), or to standard output."""
    if output is None:
        sys.stdout.write(rendered)
        sys.stdout.flush()
        return
    try:
        # CI jobs name report folders that a fresh checkout does not have yet.
        output.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(output, rendered)
    except OSError as error:
        raise _error(f"cannot write {output}: {error.strerror or error}") from None


def _use_color(choice: ColorChoice, to_terminal: bool) -> bool:
    if choice is ColorChoice.ALWAYS:
        return True
    if choice is ColorChoice.NEVER or "NO_COLOR" in os.environ:
        return False
    return to_terminal and sys.stdout.isatty()


def _size(text: str) -> int:
    """``--max-file-size``'s value in bytes. A bad one is one error line, as the exit codes promise, not
    click's usage block; ``inf`` and ``1e400`` are not sizes either (they once raised OverflowError)."""
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    cleaned = text.strip().lower().removesuffix("b")
    factor = units.get(cleaned[-1:], 1)
    number = cleaned[:-1] if cleaned[-1:] in units else cleaned
    try:
        value = int(float(number) * factor)
    except (ValueError, OverflowError):
        raise _error(f"--max-file-size: {text!r} is not a size (examples: 500000, 512k, 64m)") from None
    if value <= 0:
        raise _error(f"--max-file-size: {text!r} is not a size: it must be at least one byte")
    return value


def _selectors(values: list[str] | None) -> tuple[str, ...]:
    """Selectors from repeated options, each possibly a comma-separated list (``--select a,b``)."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


# Options shared by the commands that select rules the way ``lint`` does.
RulesetOption = Annotated[list[str] | None, typer.Option(
    "--ruleset", "-r", metavar="FILE_OR_NAME",
    help="A ruleset in the Spectral format (YAML or JSON), or the name of one a plugin provides. "
         "Repeatable; later rulesets win. It replaces the configuration's 'extends', 'rules' and "
         "'overrides'. Without it, the configuration's are used, else a .spectral.yaml/.yml/.json next to "
         "each document (or in a folder above it, up to --root), and without any the recommended rules of "
         "the 'oas' ruleset run.")]
StandardOption = Annotated[list[str] | None, typer.Option(
    "--standard", "-s", metavar="ID[@VERSION]",
    help="Check against an installed standard ('apilint standards' lists them): 'nl-adr' is its "
         "newest adopted version, 'nl-adr@2.1' the newest 2.1.x. Repeatable; combines with "
         "--ruleset. Without it, the configuration's 'standards' are used.")]
ConfigOption = Annotated[Path | None, typer.Option(
    "--config", "-c", metavar="FILE", exists=True, dir_okay=False,
    help="Use this configuration file (.apilint.yaml or pyproject.toml) for every document, instead of "
         "the nearest one found by walking up from each document's folder.")]
SelectOption = Annotated[list[str] | None, typer.Option(
    "--select", metavar="SELECTOR",
    help="Run only the rules these select: rule ids, ruleset or plugin names (their recommended rules), "
         "standards (nl-adr, nl-adr@2.1.0) or clauses. Comma-separated or repeated. Replaces what the "
         "configuration selects; the core's rules for unreadable files stay on.")]
ExtendSelectOption = Annotated[list[str] | None, typer.Option(
    "--extend-select", metavar="SELECTOR", help="Also run the rules these select, as for --select.")]
IgnoreOption = Annotated[list[str] | None, typer.Option(
    "--ignore", metavar="SELECTOR",
    help="Do not run the rules these select (a ruleset or standard here means all its rules). Applied "
         "after --select and --extend-select.")]
RootOption = Annotated[Path | None, typer.Option(
    "--root", metavar="DIR", file_okay=False, exists=True,
    help="Follow $refs only to files inside DIR (default: the current directory). References that "
         "leave it are reported and not followed.")]
RemoteOption = Annotated[bool, typer.Option(
    "--allow-remote-refs",
    help="Fetch http(s) $ref targets (10 s timeout, capped at --max-file-size). Off by default: "
         "apilint makes no network access unless asked.")]
MaxSizeOption = Annotated[str, typer.Option(
    "--max-file-size", metavar="SIZE",
    help="Do not read documents larger than SIZE (bytes, or with k/m/g); a larger file is a finding.")]
DisablePluginOption = Annotated[list[str] | None, typer.Option(
    "--disable-plugin", "-p", metavar="NAME",
    help="Do not load the plugin NAME (as 'apilint plugins' names it). Repeatable.")]


def _plugin_loader(disabled: list[str]) -> PluginLoader:
    """Loads the installed plugins again with a configuration's local ones."""
    def load(local: tuple[Path, ...]) -> tuple[LoadedPlugins, list[PluginInfo]]:
        host = PluginHost()
        host.load_entry_points(disabled)
        for location in local:
            host.load_local(location)
        return host.collect(), list(host.infos.values())
    return load


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH",
        help="Files or folders to lint, or '-' for standard input. In a folder, every .yaml, .yml and "
             ".json file whose root has an 'openapi' or 'swagger' key is linted.",
        show_default=False)],
    output_format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Output format: 'text' (one finding a line, the default), 'json', 'sarif' (SARIF 2.1.0 for code "
             "scanning), 'github', 'gitlab', 'junit', 'stylish' or 'markdown'; plugins may add more, 'apilint "
             "plugins' lists them. Repeatable, with --output FORMAT=FILE for all but one.",
        show_default=False)] = None,
    output: Annotated[list[str] | None, typer.Option(
        "--output", "-o", metavar="FILE|FORMAT=FILE",
        help="Write the report to FILE instead of standard output; with several formats, FORMAT=FILE says "
             "which one (repeatable). Each file is written whole or not at all.", show_default=False)] = None,
    fail_level: Annotated[FailLevel | None, typer.Option(
        "--fail-level", case_sensitive=False,
        help="Exit with 1 when a finding is at this severity or above. Without it, the configuration's "
             "'fail-level', else 'error'.", show_default=False)] = None,
    color: Annotated[ColorChoice, typer.Option(
        "--color", case_sensitive=False,
        help="Colour the text output: 'auto' colours only on a terminal and honours NO_COLOR.")]
        = ColorChoice.AUTO,
    root: RootOption = None,
    allow_remote_refs: RemoteOption = False,
    max_file_size: MaxSizeOption = "64m",
    stdin_filename: Annotated[str, typer.Option(
        "--stdin-filename", metavar="NAME",
        help="The name to report for a document read from standard input ('-'); its extension also "
             "selects JSON or YAML.")] = "-",
    ruleset: RulesetOption = None,
    standard: StandardOption = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", metavar="FILE", dir_okay=False,
        help="Compare with a baseline made by 'apilint baseline create': fail only on new findings, and "
             "report those fixed since. Without it, the configuration's 'baseline' is used.")] = None,
    no_baseline: Annotated[bool, typer.Option(
        "--no-baseline",
        help="Report every finding, ignoring the configuration's 'baseline' (for a SARIF upload to code "
             "scanning, which keeps its own record of what is new).")] = False,
    disable_plugin: DisablePluginOption = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print no notes (such as skipped files) and no progress bar on standard error.")]
        = False,
    statistics: Annotated[bool, typer.Option(
        "--statistics",
        help="Print how many findings each rule has, instead of the findings, on standard output (formats "
             "given an --output file are still written).")] = False,
    jobs: Annotated[str, typer.Option(
        "--jobs", "-j", metavar="N",
        help="Use up to N processes: for several documents, and for the rules of a document over 1 MB "
             "('auto': one per CPU this process may run on). The report is the same as with one.")] = "auto",
    rule_time_limit: Annotated[float, typer.Option(
        "--rule-time-limit", metavar="SECONDS", min=0,
        help="Stop a plugin's rule that runs longer than this on one document (or its function on one value), "
             "reporting it as an error of that rule; 0: no limit.")] = DEFAULT_RULE_TIME_LIMIT,
    changed_since: Annotated[str | None, typer.Option(
        "--changed-since", metavar="GIT_REF",
        help="Lint only the documents changed since GIT_REF's merge base with HEAD (committed, staged, "
             "unstaged or untracked), and the documents that refer to a changed file through $ref.",
        show_default=False)] = None,
    show_suppressed: Annotated[bool, typer.Option(
        "--show-suppressed",
        help="Also list the findings that suppressions in the documents silence, with their reasons (in SARIF, "
             "as results with 'suppressions'). They never affect the exit code.")] = False,
) -> None:
    """Lint OpenAPI documents and report the findings."""
    size_limit = _size(max_file_size)
    workers = _jobs(jobs)
    if baseline is not None and no_baseline:
        raise _error("--baseline and --no-baseline cannot be used together")
    host, loaded = _load_plugins(disabled=list(disable_plugin or ()))
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    try:
        targets = plan_outputs(output_format or (), output or (), loaded.reporters)
    except OutputTargetError as error:
        raise _error(str(error)) from None
    if statistics:
        on_stdout = [target.format for target in targets if target.path is None]
        if on_stdout and on_stdout[0] != DEFAULT_FORMAT:
            raise _error(f"--statistics takes standard output; write {on_stdout[0]} to a file with "
                         f"--output {on_stdout[0]}=FILE")
        targets = [target for target in targets if target.path is not None]

    options = LintOptions(
        paths=tuple(paths),
        cwd=Path.cwd(),
        root=root,
        allow_remote_refs=allow_remote_refs,
        max_file_size=size_limit,
        fail_level=Severity(fail_level.value) if fail_level is not None else None,
        stdin_name=stdin_filename,
        rulesets=tuple(ruleset or ()),
        config=config.resolve() if config else None,
        standards=tuple(standard or ()),
        show_suppressed=show_suppressed,
        selectors=Selectors(_selectors(select), _selectors(extend_select), _selectors(ignore)),
        baseline=baseline,
        no_baseline=no_baseline,
        jobs=workers,
        changed_since=changed_since,
        rule_time_limit=rule_time_limit or None,
    )
    with _progress_bar(enabled=not quiet) as on_progress:
        run = _run_lint(options, host, loaded, list(disable_plugin or ()), on_progress)
    # Every report is rendered before any is written, so that no file is left from a run that failed.
    rendered = [(target, loaded.reporters[target.format].render(
        replace(run.report, color=_use_color(color, to_terminal=target.path is None)))) for target in targets]
    for target, text in rendered:
        if target.path is not None:
            _emit(text, target.path)
    for target, text in rendered:
        if target.path is None:
            _emit(text, None)
    if statistics:
        report = run.report
        listed = [finding for finding in report.findings
                  if report.baseline is None or report.baseline.state(finding) == "new"]
        _emit(render_statistics(listed, {rule.id: rule for rule in report.rules}, report.files_linted), None)
    if not quiet:
        for note in run.report.notes:
            typer.echo(f"apilint: note: {note}", err=True)
    for problem in run.plugin_errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    for tool_error in run.report.tool_errors:
        typer.echo(f"apilint: error: {tool_error.message}", err=True)
    raise typer.Exit(run.exit_code)


def _jobs(text: str) -> int:
    if text.strip().lower() == "auto":
        # Fewer than the machine's where a container or `taskset` limits the CPUs or their time.
        return usable_cpus()
    try:
        value = int(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number of processes (examples: 2, auto)",
                                 param_hint="'--jobs'") from None
    if value < 1:
        raise typer.BadParameter("the number of processes must be at least 1", param_hint="'--jobs'")
    return value


@contextlib.contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback that shows a bar once the run turns out to be long enough, erased at the end."""
    if not enabled:
        yield None
        return
    bar: ProgressBar | None = None
    decided = False

    def update(done: int, total: int) -> None:
        nonlocal bar, decided
        if not decided:
            decided = True
            bar = ProgressBar(sys.stderr) if progress_wanted(total, sys.stderr) else None
        if bar is not None:
            bar.update(done, total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.close()


@app.command("plugins")
def list_plugins(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the loaded plugins, where they come from, and what each registers."""
    host, loaded = _load_plugins(disabled=[])
    kinds = ("rules", "formats", "functions", "rulesets", "standards")
    entries = [
        {"name": name, "distribution": info.distribution, "version": info.version,
         **{kind: sorted(loaded.contributed(name, kind)) for kind in kinds}}
        for name, info in sorted(host.infos.items())
    ]
    if as_json:
        typer.echo(json.dumps({"plugins": entries, "errors": loaded.errors}, indent=2))
    else:
        for entry in entries:
            origin = f"{entry['distribution']} {entry['version']}" if entry["distribution"] else "unknown origin"
            typer.echo(f"{entry['name']} ({origin})")
            for kind in kinds:
                names = entry[kind]
                if names:
                    typer.echo(f"  {kind} ({len(names)}): {', '.join(names)}")
        for problem in loaded.errors:
            typer.echo(f"apilint: error: {problem}", err=True)
    raise typer.Exit(ExitCode.ERROR if loaded.errors else ExitCode.CLEAN)


def _configurations(disabled: list[str], ruleset: list[str] | None, standard: list[str] | None,
                    config: Path | None, select: list[str] | None = None, extend_select: list[str] | None = None,
                    ignore: list[str] | None = None, paths: tuple[str, ...] = ()) -> Configurations:
    """The configurations a lint run in the current directory would use, for the commands that explain it."""
    host, loaded = _load_plugins(disabled)
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    options = LintOptions(paths=paths, cwd=Path.cwd(), rulesets=tuple(ruleset or ()),
                          standards=tuple(standard or ()), config=config.resolve() if config else None,
                          selectors=Selectors(_selectors(select), _selectors(extend_select), _selectors(ignore)))
    return Configurations(options, loaded, list(host.infos.values()), _plugin_loader(disabled))


@app.command("rules")
def list_rules(
    ruleset: RulesetOption = None,
    standard: StandardOption = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Also list the rules the rulesets define but leave off, marked 'off'.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the rules that would run on a document in the current directory, with their severity and origin.

    The options select rules as for 'apilint lint'; without them, the configuration found from the
    current directory decides, as it would for a document here.
    """
    configurations = _configurations([], ruleset, standard, config, select, extend_select, ignore)
    with _usage_errors():
        selection = configurations.selection_for(configurations.cwd)
    listed = {**selection.available, **selection.rules} if show_all else dict(selection.rules)
    rules = sorted(listed.values(), key=lambda rule: rule.id)
    if as_json:
        listing = [{"id": rule.id, "severity": rule.severity.value, "enabled": rule.id in selection.rules,
                    "source": rule.source, "formats": sorted(rule.formats), "summary": rule.summary}
                   for rule in rules]
        typer.echo(json.dumps({"rules": listing}, indent=2))
    else:
        width = max((len(rule.id) for rule in rules), default=0)
        for rule in rules:
            level = rule.severity.value if rule.id in selection.rules else "off"
            typer.echo(f"{rule.id:<{width}}  {level:<5}  {rule.source}  {rule.summary}")
    for problem in configurations.plugin_errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    raise typer.Exit(ExitCode.ERROR if configurations.plugin_errors else ExitCode.CLEAN)


@app.command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule to describe.", show_default=False)],
    ruleset: Annotated[list[str] | None, typer.Option(
        "--ruleset", "-r", metavar="FILE_OR_NAME",
        help="Also look among the rules of this ruleset (repeatable).")] = None,
    config: ConfigOption = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the page as Markdown.")] = False,
) -> None:
    """Print a rule's documentation: what it checks, why, and bad and good examples."""
    configurations = _configurations([], ruleset, None, config)
    with _usage_errors():
        selection = configurations.selection_for(configurations.cwd)
        registered = configurations.builder_for(configurations.config_for(configurations.cwd)).plugins.rules
    rule = selection.rules.get(rule_id) or selection.available.get(rule_id) or registered.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, sorted({*selection.available, *registered}), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'apilint rules' lists them"
        raise _error(f"unknown rule {rule_id!r}{hint}")
    typer.echo(render_rule_page(rule) if markdown else render_rule_text(rule), nl=False)
    raise typer.Exit(ExitCode.CLEAN)


@app.command("config")
def show_config(
    path: Annotated[Path, typer.Argument(
        help="The file (or folder) to show the configuration for; default: the current directory.",
        exists=True, show_default=False)] = Path("."),
    ruleset: RulesetOption = None,
    standard: StandardOption = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    fail_level: Annotated[FailLevel | None, typer.Option(
        "--fail-level", case_sensitive=False, help="As for 'apilint lint'.", show_default=False)] = None,
    baseline: Annotated[Path | None, typer.Option(
        "--baseline", metavar="FILE", dir_okay=False, help="As for 'apilint lint'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
) -> None:
    """Show the configuration 'apilint lint' would use for a file: every setting, every rule's severity and
    options, and where each comes from (a file and line, an option, or the defaults)."""
    from apilint.effective_config import explain

    configurations = _configurations([], ruleset, standard, config, select, extend_select, ignore)
    configurations.options = replace(configurations.options, baseline=baseline,
                                     fail_level=Severity(fail_level.value) if fail_level else None)
    with _usage_errors():
        effective = explain(configurations, path.resolve())
    if as_json:
        typer.echo(json.dumps({
            "target": effective.target, "configuration": effective.config_file,
            "settings": {item.key: {"value": item.value, "from": item.origin} for item in effective.settings},
            "rules": {item.id: {"severity": item.severity, **({"options": item.options} if item.options else {}),
                                "from": item.origin} for item in effective.rules},
        }, indent=2, default=str))
    else:
        typer.echo(f"Configuration for {effective.target}")
        width = max(len(item.key) for item in effective.settings)
        for item in effective.settings:
            typer.echo(f"  {item.key:<{width}}  {_shown_value(item.value)}  ({item.origin})")
        on = sum(1 for item in effective.rules if item.severity != "off")
        typer.echo(f"Rules ({on} on, {len(effective.rules) - on} off)")
        width = max((len(item.id) for item in effective.rules), default=0)
        for rule in effective.rules:
            options = f"  options: {json.dumps(rule.options, default=str)}" if rule.options else ""
            typer.echo(f"  {rule.id:<{width}}  {rule.severity:<5}  ({rule.origin}){options}")
    for problem in configurations.plugin_errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    raise typer.Exit(ExitCode.ERROR if configurations.plugin_errors else ExitCode.CLEAN)


def _shown_value(value: object) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return ", ".join(value)
    return json.dumps(value, default=str)


baseline_app = typer.Typer(help="Record the current findings, so that later runs fail only on new ones.",
                           no_args_is_help=True)
app.add_typer(baseline_app, name="baseline")


@baseline_app.command("create")
def create_baseline(
    paths: Annotated[list[str], typer.Argument(help="Files or folders to lint, as for 'apilint lint'.",
                                               show_default=False)],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="The baseline file to write (whole or not at all), e.g. .apilint-baseline.json.",
        show_default=False)],
    ruleset: RulesetOption = None,
    standard: StandardOption = None,
    config: ConfigOption = None,
    select: SelectOption = None,
    extend_select: ExtendSelectOption = None,
    ignore: IgnoreOption = None,
    root: RootOption = None,
    allow_remote_refs: RemoteOption = False,
    max_file_size: MaxSizeOption = "64m",
    disable_plugin: DisablePluginOption = None,
) -> None:
    """Lint as 'apilint lint' does and record every finding in a baseline file.

    Findings are recorded by fingerprint (rule, file, JSON pointer and message), not by line, so
    reformatting or moving parts of a document does not make them new.
    """
    host, loaded = _load_plugins(disabled=list(disable_plugin or ()))
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    options = LintOptions(
        paths=tuple(paths), cwd=Path.cwd(), root=root, allow_remote_refs=allow_remote_refs,
        max_file_size=_size(max_file_size), rulesets=tuple(ruleset or ()), standards=tuple(standard or ()),
        config=config.resolve() if config else None,
        selectors=Selectors(_selectors(select), _selectors(extend_select), _selectors(ignore)), no_baseline=True)
    run = _run_lint(options, host, loaded, list(disable_plugin or ()))
    for problem in run.plugin_errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    for tool_error in run.report.tool_errors:
        typer.echo(f"apilint: error: {tool_error.message}", err=True)
    if run.exit_code is ExitCode.ERROR:
        # A baseline of a run where rules or plugins failed would hide their findings later.
        raise _error(f"{output} was not written")
    _emit(render_baseline(run.report.findings, lambda finding: run.report.repo_file(finding) or finding.uri,
                          __version__), output)
    count, files = len(run.report.findings), run.report.files_linted
    typer.echo(f"apilint: recorded {count} finding{'s' * (count != 1)} of {files} document{'s' * (files != 1)} "
               f"in {output}", err=True)
    raise typer.Exit(ExitCode.CLEAN)


@app.command("conformance")
def conformance(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH",
        help="The API description to assess: its root file (or several, assessed together).",
        show_default=False)],
    standard: Annotated[str, typer.Option(
        "--standard", "-s", metavar="ID[@VERSION]",
        help="The standard to assess against; 'apilint standards' lists them.", show_default=False)],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="'text' (the default), 'markdown', 'json', or 'html' (one standalone page to attach to an "
             "assessment); plugins may add more.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="Write the report to FILE instead of standard output, whole or not at all.")] = None,
    root: Annotated[Path | None, typer.Option(
        "--root", metavar="DIR", file_okay=False, exists=True,
        help="Follow $refs only to files inside DIR (default: the current directory).")] = None,
    allow_remote_refs: Annotated[bool, typer.Option(
        "--allow-remote-refs", help="Fetch http(s) $ref targets; off by default.")] = False,
    max_file_size: Annotated[str, typer.Option(
        "--max-file-size", metavar="SIZE", help="Do not read documents larger than SIZE.")] = "64m",
) -> None:
    """Assess API descriptions against a standard, clause by clause.

    Each clause is met, not met (with the findings), not applicable, or not checkable from the
    document. Exits with 1 when a MUST or MUST NOT clause is not met. Configuration files are not
    read: the standard is assessed as published, whatever a project turns off.
    """
    host, loaded = _load_plugins(disabled=[])
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    reporter = loaded.conformance_reporters.get(output_format)
    if reporter is None:
        known = ", ".join(sorted(loaded.conformance_reporters)) or "none"
        raise _error(f"unknown conformance format {output_format!r}; available formats: {known}")
    options = LintOptions(paths=tuple(paths), cwd=Path.cwd(), root=root, allow_remote_refs=allow_remote_refs,
                          max_file_size=_size(max_file_size), standards=(standard,), without_configuration=True)
    run = _run_lint(options, host, loaded, [])
    [chosen] = run.standards
    unreadable = [path for path, fmt in run.documents if fmt is None]
    if unreadable:
        # Nothing in such a file was checked, so no clause can be said to be met.
        problems = [f"{finding.path}:{finding.span.start_line}:{finding.span.start_column}: {finding.message}"
                    for finding in run.report.findings if finding.path in unreadable]
        detail = f" ({problems[0]})" if problems else ""
        raise _error(f"{unreadable[0]} could not be read as an OpenAPI document{detail}; it cannot be assessed")
    if not run.documents:
        raise _error("no OpenAPI document was found to assess")
    report = build_conformance(chosen, {rule.id: rule for rule in run.report.rules}, run.report.findings,
                               [fmt for _, fmt in run.documents], [path for path, _ in run.documents],
                               tool_version=__version__)
    _emit(reporter.render(report), output)
    for tool_error in run.report.tool_errors:
        typer.echo(f"apilint: error: {tool_error.message}", err=True)
    if run.report.tool_errors or loaded.errors:
        raise typer.Exit(ExitCode.ERROR)
    raise typer.Exit(ExitCode.CLEAN if report.mandatory_met else ExitCode.FINDINGS)


@app.command("standards")
def list_standards(
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the installed standards: every version, with its status and number of clauses."""
    _, loaded = _load_plugins(disabled=[])
    catalog = StandardCatalog(loaded.standards)
    standards = catalog.standards
    for error in catalog.broken.values():
        typer.echo(f"apilint: error: bad standard: {error}", err=True)
    if as_json:
        listing = [{"id": item.id, "version": item.version, "status": item.status, "title": item.title,
                    "owner": item.owner, "published": item.published, "clauses": len(item.clauses)}
                   for item in standards]
        typer.echo(json.dumps({"standards": listing}, indent=2))
    else:
        for item in standards:
            typer.echo(f"{item.key:<20}  {item.status:<9}  {item.published:<10}  {item.title} ({item.owner})")
        if not standards:
            typer.echo("no standards are installed")
    raise typer.Exit(ExitCode.ERROR if catalog.broken else ExitCode.CLEAN)


@app.command("standard")
def show_standard(
    name: Annotated[str, typer.Argument(metavar="ID[@VERSION]", help="The standard to describe.",
                                        show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print it as JSON.")] = False,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help="Print its documentation page: every clause, and each rule's documentation.")] = False,
) -> None:
    """Show a standard: its identity, and each clause with its level, how checkable it is, and its rules."""
    _, loaded = _load_plugins(disabled=[])
    builder = SelectionBuilder(loaded, Path.cwd())
    try:
        standard = builder.standards.resolve(name)
        selection = builder.select((standard.key,))
    except (StandardError, RulesetError) as error:
        raise _error(f"bad standard: {error}") from None
    found = rules_by_clause(standard, selection.available)
    if markdown:
        typer.echo(render_standard_page(standard, found), nl=False)
        raise typer.Exit(ExitCode.CLEAN)
    checks = {clause: [rule.id for rule in rules] for clause, rules in found.items()}
    if as_json:
        clauses = [{"id": clause.id, "title": clause.title, "level": clause.level, "url": clause.url,
                    "checkable": clause.checkable, "note": clause.note,
                    "rules": checks.get(clause.id, [])} for clause in standard.clauses]
        typer.echo(json.dumps({"id": standard.id, "version": standard.version, "title": standard.title,
                               "owner": standard.owner, "status": standard.status,
                               "published": standard.published, "source": standard.source,
                               "licence": standard.licence, "clauses": clauses}, indent=2))
        raise typer.Exit(ExitCode.CLEAN)
    typer.echo(f"{standard.title} {standard.version} ({standard.status}, {standard.published})")
    typer.echo(f"Owner: {standard.owner}. Text: {standard.source} ({standard.licence})")
    if standard.linter:
        typer.echo("Mirrors: " + ", ".join(value for _, value in standard.linter))
    typer.echo("")
    for clause in standard.clauses:
        rules = ", ".join(checks.get(clause.id, [])) or "-"
        checkable = {"static": "checked", "heuristic": "heuristic", "no": "not checkable"}[clause.checkable]
        typer.echo(f"{clause.id}  [{clause.level}, {checkable}]  {clause.title}")
        typer.echo(f"    rules: {rules}")
        if clause.note:
            typer.echo(f"    note: {clause.note}")
    raise typer.Exit(ExitCode.CLEAN)


def _exit_now(code: object) -> NoReturn:
    """End the process with ``code`` without tearing down its objects.

    Freeing a large document object by object at exit takes a tenth of a second, and nothing is
    left to do by then: reports are written and closed, worker processes have ended.
    """
    if code is not None and not isinstance(code, int):
        raise SystemExit(code)  # a message: Python prints it
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code or 0)


def main() -> None:
    """The console script: run the app, and turn anything unexpected into one clear error line."""
    try:
        app()
    except SystemExit as done:
        _exit_now(done.code)
    except BrokenPipeError:
        # The reader went away (``apilint lint ... | head``); that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitCode.FINDINGS)
    except KeyboardInterrupt:
        typer.echo("apilint: interrupted", err=True)
        sys.exit(130)
    except Exception as error:
        if os.environ.get("APILINT_DEBUG"):
            raise
        typer.echo(f"apilint: internal error: {type(error).__name__}: {error} "
                   "(set APILINT_DEBUG=1 for details)", err=True)
        sys.exit(ExitCode.ERROR)
