"""The command line: parses options, runs, renders, and maps the outcome to an exit code.

Exit codes: 0 no finding at or above the fail level, 1 findings at or above it,
2 a usage, configuration or internal error. No input makes apilint print a traceback;
set ``APILINT_DEBUG=1`` to see one for an internal error.
"""

from __future__ import annotations

import difflib
import enum
import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from apilint import __version__
from apilint.atomic_output import write_atomically
from apilint.lint_run import ConfigError, ExitCode, LintOptions, LintRun, run_lint
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_docs import render_rule_page, render_rule_text
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rulesets import RulesetError
from apilint.severity import Severity
from apilint.standards import StandardCatalog, StandardError
from apilint.standards.conformance import build_conformance
from apilint.standards.documentation import render_standard_page, rules_by_clause

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


def _run_lint(options: LintOptions, host: PluginHost, loaded: LoadedPlugins) -> LintRun:
    """Run the linter; a missing file or a bad ruleset, standard or configuration is one error line."""
    try:
        return run_lint(options, loaded, list(host.infos.values()), read_stdin=sys.stdin.buffer.read,
                        tool_version=__version__)
    except FileNotFoundError as missing:
        raise _error(f"no such file or directory: {missing.args[0]}") from None
    except RulesetError as error:
        raise _error(f"bad ruleset: {error}") from None
    except StandardError as error:
        raise _error(f"bad standard: {error}") from None
    except ConfigError as error:
        raise _error(f"bad configuration: {error}") from None


def _emit(rendered: str, output: Path | None) -> None:
    """Write a report to ``output`` (whole or not at all), or to standard output."""
    if output is None:
        sys.stdout.write(rendered)
        sys.stdout.flush()
        return
    try:
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
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    cleaned = text.strip().lower().removesuffix("b")
    factor = units.get(cleaned[-1:], 1)
    number = cleaned[:-1] if cleaned[-1:] in units else cleaned
    try:
        value = int(float(number) * factor)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a size (examples: 500000, 512k, 64m)") from None
    if value <= 0:
        raise typer.BadParameter("the size must be positive")
    return value


@app.command()
def lint(
    paths: Annotated[list[str], typer.Argument(
        help="Files or folders to lint, or '-' for standard input. In a folder, every .yaml, .yml and "
             ".json file whose root has an 'openapi' or 'swagger' key is linted.",
        show_default=False)],
    output_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="Output format: 'text' (one finding a line, the default), 'json' or 'sarif' (SARIF 2.1.0 "
             "for code scanning); plugins may add more, 'apilint plugins' lists them.")] = "text",
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help="Write the report to FILE instead of standard output. The file is written whole or not at "
             "all.")] = None,
    fail_level: Annotated[FailLevel, typer.Option(
        "--fail-level", case_sensitive=False,
        help="Exit with 1 when a finding is at this severity or above.")] = FailLevel.ERROR,
    color: Annotated[ColorChoice, typer.Option(
        "--color", case_sensitive=False,
        help="Colour the text output: 'auto' colours only on a terminal and honours NO_COLOR.")]
        = ColorChoice.AUTO,
    root: Annotated[Path | None, typer.Option(
        "--root", metavar="DIR", file_okay=False, exists=True,
        help="Follow $refs only to files inside DIR (default: the current directory). References that "
             "leave it are reported and not followed.")] = None,
    allow_remote_refs: Annotated[bool, typer.Option(
        "--allow-remote-refs",
        help="Fetch http(s) $ref targets (10 s timeout, capped at --max-file-size). Off by default: "
             "apilint makes no network access unless asked.")] = False,
    max_file_size: Annotated[str, typer.Option(
        "--max-file-size", metavar="SIZE",
        help="Do not read documents larger than SIZE (bytes, or with k/m/g); a larger file is a "
             "finding.")] = "64m",
    stdin_filename: Annotated[str, typer.Option(
        "--stdin-filename", metavar="NAME",
        help="The name to report for a document read from standard input ('-'); its extension also "
             "selects JSON or YAML.")] = "-",
    ruleset: Annotated[list[str] | None, typer.Option(
        "--ruleset", "-r", metavar="FILE_OR_NAME",
        help="A ruleset in the Spectral format (YAML or JSON), or the name of one a plugin provides. "
             "Repeatable; later rulesets win. Without it, the configuration's 'ruleset' is used, else a "
             ".spectral.yaml/.yml/.json next to each document (or in a folder above it, up to --root), "
             "and without any the recommended rules of the 'oas' ruleset run.")] = None,
    standard: Annotated[list[str] | None, typer.Option(
        "--standard", "-s", metavar="ID[@VERSION]",
        help="Check against an installed standard ('apilint standards' lists them): 'nl-adr' is its "
             "newest adopted version, 'nl-adr@2.1' the newest 2.1.x. Repeatable; combines with "
             "--ruleset. Without it, the configuration's 'standards' are used.")] = None,
    config: Annotated[Path | None, typer.Option(
        "--config", "-c", metavar="FILE", exists=True, dir_okay=False,
        help="Use this configuration file (.apilint.yaml or pyproject.toml) for every document, instead of "
             "the nearest one found by walking up from each document's folder.")] = None,
    disable_plugin: Annotated[list[str] | None, typer.Option(
        "--disable-plugin", "-p", metavar="NAME",
        help="Do not load the plugin NAME (as 'apilint plugins' names it). Repeatable.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print no notes (such as skipped files) on standard error.")] = False,
    show_suppressed: Annotated[bool, typer.Option(
        "--show-suppressed",
        help="Also list the findings that suppressions in the documents silence, with their reasons (in SARIF, "
             "as results with 'suppressions'). They never affect the exit code.")] = False,
) -> None:
    """Lint OpenAPI documents and report the findings."""
    size_limit = _size(max_file_size)
    host, loaded = _load_plugins(disabled=list(disable_plugin or ()))
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    reporter = loaded.reporters.get(output_format)
    if reporter is None:
        known = ", ".join(sorted(loaded.reporters)) or "none (no format plugin is loaded)"
        raise _error(f"unknown format {output_format!r}; available formats: {known}")

    options = LintOptions(
        paths=tuple(paths),
        cwd=Path.cwd(),
        root=root,
        allow_remote_refs=allow_remote_refs,
        max_file_size=size_limit,
        fail_level=Severity(fail_level.value),
        color=_use_color(color, to_terminal=output is None),
        stdin_name=stdin_filename,
        rulesets=tuple(ruleset or ()),
        config=config.resolve() if config else None,
        standards=tuple(standard or ()),
        show_suppressed=show_suppressed,
    )
    run = _run_lint(options, host, loaded)
    _emit(reporter.render(run.report), output)
    if not quiet:
        for note in run.report.notes:
            typer.echo(f"apilint: note: {note}", err=True)
    for tool_error in run.report.tool_errors:
        typer.echo(f"apilint: error: {tool_error.message}", err=True)
    raise typer.Exit(run.exit_code)


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


@app.command("rules")
def list_rules(
    ruleset: Annotated[list[str] | None, typer.Option(
        "--ruleset", "-r", metavar="FILE_OR_NAME",
        help="List the rules of this ruleset (repeatable) instead of the default ones.")] = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help="Also list the rules the rulesets define but leave off, marked 'off'.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """List the rules that would run, with their severity and where each comes from.

    Without --ruleset, these are the rules run on documents no ruleset is configured for.
    """
    _, loaded = _load_plugins(disabled=[])
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    try:
        selection = SelectionBuilder(loaded, Path.cwd()).select(tuple(ruleset or ()))
    except RulesetError as error:
        raise _error(f"bad ruleset: {error}") from None
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
    raise typer.Exit(ExitCode.ERROR if loaded.errors else ExitCode.CLEAN)


@app.command("rule")
def show_rule(
    rule_id: Annotated[str, typer.Argument(metavar="RULE_ID", help="The rule to describe.", show_default=False)],
    ruleset: Annotated[list[str] | None, typer.Option(
        "--ruleset", "-r", metavar="FILE_OR_NAME",
        help="Also look among the rules of this ruleset (repeatable).")] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print the page as Markdown.")] = False,
) -> None:
    """Print a rule's documentation: what it checks, why, and bad and good examples."""
    _, loaded = _load_plugins(disabled=[])
    try:
        selection = SelectionBuilder(loaded, Path.cwd()).select(tuple(ruleset or ()))
    except RulesetError as error:
        raise _error(f"bad ruleset: {error}") from None
    rule = selection.rules.get(rule_id) or selection.available.get(rule_id) or loaded.rules.get(rule_id)
    if rule is None:
        close = difflib.get_close_matches(rule_id, sorted({*selection.available, *loaded.rules}), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'apilint rules' lists them"
        raise _error(f"unknown rule {rule_id!r}{hint}")
    typer.echo(render_rule_page(rule) if markdown else render_rule_text(rule), nl=False)
    raise typer.Exit(ExitCode.CLEAN)


@app.command("conformance")
def conformance(
    paths: Annotated[list[str], typer.Argument(
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
    document. Exits with 1 when a MUST or MUST NOT clause is not met.
    """
    host, loaded = _load_plugins(disabled=[])
    for problem in loaded.errors:
        typer.echo(f"apilint: error: {problem}", err=True)
    reporter = loaded.conformance_reporters.get(output_format)
    if reporter is None:
        known = ", ".join(sorted(loaded.conformance_reporters)) or "none"
        raise _error(f"unknown conformance format {output_format!r}; available formats: {known}")
    options = LintOptions(paths=tuple(paths), cwd=Path.cwd(), root=root, allow_remote_refs=allow_remote_refs,
                          max_file_size=_size(max_file_size), standards=(standard,))
    run = _run_lint(options, host, loaded)
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


def main() -> None:
    """The console script: run the app, and turn anything unexpected into one clear error line."""
    try:
        app()
    except SystemExit:
        raise
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
