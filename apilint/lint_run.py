"""One ``apilint lint`` run, from the paths given to the report and the exit code."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from apilint.baseline import Baseline, BaselineEntry, compare_with_baseline, read_baseline
from apilint.changed_files import changed_since
from apilint.config import Config, ConfigError, find_config, read_config
from apilint.discovery import discover
from apilint.findings import Finding
from apilint.lint_tasks import LintSetup, RootTask, run_groups
from apilint.plugin_host import LoadedPlugins
from apilint.reference_graph import ReferenceGraph, connected_groups, scan_references
from apilint.reporting import LintReport, PluginInfo
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rule_selectors import NO_SELECTORS, Selectors
from apilint.rules import Rule
from apilint.rulesets import RulesetError
from apilint.selection import RuleSelection
from apilint.severity import Severity
from apilint.standards import Standard
from apilint.time_limits import DEFAULT_RULE_TIME_LIMIT
from apilint.workspace import DEFAULT_MAX_FILE_SIZE, display_path

__all__ = ["ConfigError", "Configurations", "ExitCode", "LintOptions", "LintRun", "PluginLoader", "run_lint",
           "source_root"]

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
    #: None: each document's configuration decides (``fail-level``), else ``error``.
    fail_level: Severity | None = None
    stdin_name: str = "-"
    #: Rulesets named on the command line; when empty, the configuration's, or a ``.spectral.yaml``.
    rulesets: tuple[str, ...] = ()
    #: A configuration file for every document, instead of the nearest one.
    config: Path | None = None
    #: List the findings suppressions silenced (text, JSON) and include them in SARIF with their reasons.
    show_suppressed: bool = False
    #: Standards named on the command line (``nl-adr``, ``nl-adr@2.1``); when empty, the configuration's.
    standards: tuple[str, ...] = ()
    #: ``--select``, ``--extend-select`` and ``--ignore``, applied over every document's rules.
    selectors: Selectors = NO_SELECTORS
    #: A baseline file; when None, the configurations' ``baseline`` (if any) is used.
    baseline: Path | None = None
    #: Compare with no baseline at all, even one a configuration names (``baseline create``).
    no_baseline: bool = False
    #: Read no configuration file: a conformance assessment checks the standard as published,
    #: which a team's configuration must not weaken.
    without_configuration: bool = False
    #: Use up to this many processes (for several documents, and for the rules of a large one); the
    #: report is the same as with one.
    jobs: int = 1
    #: A git ref: lint only the documents changed since then, and those that refer to a changed file.
    changed_since: str | None = None
    #: Seconds a plugin's rule may take on a document (or its function on a value); None: no limit.
    rule_time_limit: float | None = DEFAULT_RULE_TIME_LIMIT


@dataclass(frozen=True, slots=True)
class LintRun:
    """The report to render (its ``notes`` are for the user, on standard error) and the exit code."""

    report: LintReport
    exit_code: ExitCode
    #: Each linted root document as shown to the user, with its OpenAPI format (None if unknown).
    documents: tuple[tuple[str, str | None], ...] = ()
    #: The standards the command line named, as they resolved.
    standards: tuple[Standard, ...] = ()
    #: Problems loading the plugins configurations name by path (the others are the caller's).
    plugin_errors: tuple[str, ...] = ()


def source_root(cwd: Path) -> Path:
    """The top of the git checkout holding ``cwd``, or ``cwd`` itself outside one.

    Machine-readable reports give paths relative to it, which is what code-scanning
    services expect whatever directory the linter ran in.
    """
    for candidate in (cwd, *cwd.parents):
        if (candidate / ".git").exists():
            return candidate
    return cwd


#: Loads the installed plugins together with a configuration's local ``plugins``.
PluginLoader = Callable[[tuple[Path, ...]], tuple[LoadedPlugins, list[PluginInfo]]]


class Configurations:
    """The configuration of each folder a run meets, read once each, and what follows from it.

    Also used by ``apilint config`` and ``apilint rules``, so that they show what a lint would do.
    """

    def __init__(self, options: LintOptions, plugins: LoadedPlugins, plugin_infos: list[PluginInfo],
                 load_plugins: PluginLoader | None = None) -> None:
        self.options = options
        self.cwd = options.cwd.resolve()
        self.stop_at = (options.root or self.cwd).resolve()
        self.plugins = plugins
        self.plugin_infos = list(plugin_infos)
        self.plugin_errors = list(plugins.errors)
        self._load_plugins = load_plugins
        self._configs: dict[Path, Config | None] = {}
        # Each folder's real path: resolving asks the file system about every folder on the way.
        self._real_folders: dict[Path, Path] = {}
        self._builders: dict[tuple[Path, ...], SelectionBuilder] = {(): SelectionBuilder(plugins, self.cwd)}

    @property
    def builder(self) -> SelectionBuilder:
        """The builder for the installed plugins alone."""
        return self._builders[()]

    def config_for(self, directory: Path) -> Config | None:
        """The configuration for files in ``directory``: ``--config``'s, or the nearest one."""
        if self.options.without_configuration:
            return None
        if self.options.config is not None:
            directory = self.options.config.parent  # one configuration for every document
        if directory not in self._configs:
            path = self.options.config or find_config(directory)
            self._configs[directory] = read_config(path, display_path(path, self.cwd)) if path is not None else None
        return self._configs[directory]

    def builder_for(self, config: Config | None) -> SelectionBuilder:
        """The selection builder with the plugins ``config`` loads from local paths, if any."""
        local = config.plugins if config is not None else ()
        if local not in self._builders:
            if self._load_plugins is None:
                raise ConfigError("local plugins cannot be loaded here", config.shown if config else "")
            loaded, infos = self._load_plugins(local)
            self.plugin_errors += [error for error in loaded.errors if error not in self.plugin_errors]
            known = {info.name for info in self.plugin_infos}
            self.plugin_infos += [info for info in infos if info.name not in known]
            self._builders[local] = SelectionBuilder(loaded, self.cwd)
        return self._builders[local]

    def rulesets_for(self, config: Config | None, directory: Path) -> tuple[str, ...]:
        """The rulesets for a document in ``directory``: the command line's, a standard's, else a nearby file.

        The configuration's own ``extends``, ``rules`` and ``overrides`` come on top (its layer),
        unless the command line names rulesets, which replace them.
        """
        builder = self.builder_for(config)
        standards = self.options.standards or (config.standards if config else ())
        if self.options.rulesets:
            return (*self.options.rulesets, *builder.standard_names(standards))
        if standards:
            return builder.standard_names(standards)
        if config is not None and config.layer is not None:
            return ()
        return builder.nearby_ruleset(directory, self.stop_at)

    def selection_for(self, directory: Path) -> RuleSelection:
        """The rules that run on a document in ``directory``; raises ConfigError for a bad configuration."""
        config = self.config_for(directory)
        builder = self.builder_for(config)
        layer = config.layer if config is not None and not self.options.rulesets else None
        try:
            return builder.select(self.rulesets_for(config, directory), layer, self.options.selectors)
        except RulesetError as error:
            if config is not None and error.path == config.shown:
                raise ConfigError(error.message, config.shown, error.line) from None
            raise

    def fail_level_for(self, directory: Path) -> Severity:
        if self.options.fail_level is not None:
            return self.options.fail_level
        config = self.config_for(directory)
        return config.fail_level if config is not None and config.fail_level is not None else Severity.ERROR

    def excluded(self, path: Path) -> bool:
        folder = self._real_folders.get(path.parent)
        if folder is None:
            folder = self._real_folders[path.parent] = path.parent.resolve()
        config = self.config_for(folder)
        return config is not None and config.excludes(path)


def run_lint(options: LintOptions, plugins: LoadedPlugins, plugin_infos: list[PluginInfo],
             read_stdin: Callable[[], bytes] | None = None, tool_version: str = "",
             load_plugins: PluginLoader | None = None,
             on_progress: Callable[[int, int], None] | None = None) -> LintRun:
    """Lint what ``options`` names with the rules the plugins and configurations select.

    ``on_progress(done, total)`` is told how many root documents are done as the run goes on.
    Raises ConfigError, RulesetError, StandardError, SelectorError, BaselineError, ChangedFilesError
    or FileNotFoundError for what the user must fix before anything can be linted.
    """
    configurations = Configurations(options, plugins, plugin_infos, load_plugins)
    cwd = configurations.cwd
    srcroot = source_root(cwd)
    notes: list[tuple[int, str]] = []

    file_paths = []
    for given in options.paths:
        if given != "-":
            path = Path(given) if Path(given).is_absolute() else cwd / given
            if not path.exists():
                raise FileNotFoundError(given)
            file_paths.append(path)
    # A broken ruleset, an unknown standard or selector, a bad configuration or baseline is
    # reported before any file is read.
    configurations.selection_for(cwd)
    if options.baseline is not None and not options.no_baseline:
        read_baseline(options.baseline, display_path(options.baseline, cwd))
    changed = changed_since(options.changed_since, cwd) if options.changed_since is not None else None

    tasks: list[RootTask] = []
    if "-" in options.paths and read_stdin is not None:
        tasks.append(RootTask(0, None, True, cwd, read_stdin(), options.stdin_name))
    for candidate in discover(file_paths, configurations.excluded):
        if candidate.explicit and configurations.excluded(candidate.path):
            config = configurations.config_for(candidate.real.parent)
            notes.append((len(tasks), f"{display_path(candidate.path, cwd)} is excluded by "
                                      f"{config.shown if config else ''}; skipped"))
            continue
        tasks.append(RootTask(len(tasks), candidate.path, candidate.explicit, candidate.real.parent,
                              real_path=candidate.real))
    graph = ReferenceGraph(options.max_file_size)
    if changed is not None:
        considered = len(tasks)
        tasks = [task for task in tasks if _reaches_changed(task, graph, changed, cwd)]
        notes.append((-1, f"--changed-since {options.changed_since}: linting {len(tasks)} of {considered} "
                          f"document{'s' * (considered != 1)} (changed, or referring to a changed file)"))
    # Every folder's configuration is read, and its rules compiled, before any document is linted:
    # a bad configuration anywhere stops the run first, and worker processes inherit the results.
    selections = {directory: configurations.selection_for(directory)
                  for directory in dict.fromkeys(task.directory for task in tasks)}
    setup = LintSetup(
        root=(options.root or cwd).resolve(), cwd=cwd, allow_remote=options.allow_remote_refs,
        max_file_size=options.max_file_size, srcroot=srcroot, today=datetime.date.today(),
        rule_time_limit=options.rule_time_limit,
        selection_for=configurations.selection_for,
        rule_ids=frozenset(rule_id for selection in selections.values() for rule_id in selection.rules),
        in_parallel=options.jobs > 1)
    groups = _groups(tasks, graph, cwd) if options.jobs > 1 else [tasks]
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None:
            on_progress(done, len(tasks))

    outcomes = list(run_groups(setup, groups, options.jobs, advance))
    by_index = {task.index: task for task in tasks}
    linted = sorted(entry for outcome in outcomes for entry in outcome.documents)
    documents = [(path, fmt) for _, path, fmt, _ in linted]
    #: The folder whose configuration applies, for each linted root document's URI.
    folders = {uri: by_index[index].directory for index, _, _, uri in linted}
    rules_run: dict[str, Rule] = {}
    for index, *_ in linted:
        rules_run.update(selections[by_index[index].directory].rules)
    notes += [note for outcome in outcomes for note in outcome.notes]
    findings = sorted((finding for outcome in outcomes for finding in outcome.findings),
                      key=lambda finding: finding.sort_key)
    suppressed = sorted((item for outcome in outcomes for item in outcome.suppressed),
                        key=lambda item: item[0].sort_key)
    # Tool errors keep the order of the documents they happened in, as a serial run meets them.
    index_of_path = {path: index for index, path, _, _ in reversed(linted)}
    tool_errors = sorted((error for outcome in outcomes for error in outcome.tool_errors),
                         key=lambda error: index_of_path.get(error.path or "", len(tasks)))
    files_read = {uri for outcome in outcomes for uri in outcome.files_read}
    baselines = _baselines(options, configurations, {*folders.values()} or {cwd})
    prefix = srcroot.as_uri().rstrip("/") + "/"
    comparison = None
    if baselines is not None:
        # Entries for files this run did not read are not "gone": they were not looked at. An entry may
        # name its file by path or by the percent-encoded path of its URI: both are taken.
        read = {unquote(uri[len(prefix):] if uri.startswith(prefix) else uri) for uri in files_read}
        comparison = compare_with_baseline(
            Baseline(tuple(entry for entry in baselines.entries if unquote(entry.path) in read)), findings)
    rules = sorted(rules_run.values(), key=lambda rule: rule.id)
    report = LintReport(
        findings=findings,
        rules=rules,
        tool_name="apilint",
        tool_version=tool_version,
        information_uri=INFORMATION_URI,
        files_linted=len(documents),
        srcroot_uri=prefix,
        tool_errors=tuple(tool_errors),
        plugins=tuple(configurations.plugin_infos),
        notes=tuple(note for _, note in sorted(notes, key=lambda item: item[0])),
        suppressed=tuple(suppressed),
        show_suppressed=options.show_suppressed,
        baseline=comparison,
        documents=tuple(path for path, _ in documents),
    )
    failing = comparison.new if comparison is not None else findings
    if tool_errors or configurations.plugin_errors:
        code = ExitCode.ERROR
    elif any(finding.severity.at_least(_fail_level(finding, folders, configurations, cwd)) for finding in failing):
        code = ExitCode.FINDINGS
    else:
        code = ExitCode.CLEAN
    builder = configurations.builder
    return LintRun(report, code, tuple(documents), tuple(builder.standards.resolve(name) for name in options.standards),
                   tuple(configurations.plugin_errors[len(plugins.errors):]))


def _reach(task: RootTask, graph: ReferenceGraph, cwd: Path) -> tuple[frozenset[Path], bool]:
    """The files a root document reaches (itself included), and whether some reference could not be read."""
    if task.path is None:  # standard input: its relative references start at the working directory
        return graph.reach(scan_references(task.text or b"", cwd))
    return graph.reach_of_file(task.path, task.real_path)


def _reaches_changed(task: RootTask, graph: ReferenceGraph, changed: frozenset[Path], cwd: Path) -> bool:
    """Whether a root document changed or refers, directly or not, to a changed file (or might)."""
    files, uncertain = _reach(task, graph, cwd)
    return uncertain or not files.isdisjoint(changed)


def _groups(tasks: list[RootTask], graph: ReferenceGraph, cwd: Path) -> list[list[RootTask]]:
    """Tasks grouped so that documents sharing a file are linted by one linter, as a serial run does."""
    reaches = []
    for task in tasks:
        files, uncertain = _reach(task, graph, cwd)
        if uncertain:  # a reference the text does not spell out may lead anywhere: keep everything together
            return [tasks]
        reaches.append(files)
    return [[tasks[index] for index in group] for group in connected_groups(reaches)]


def _fail_level(finding: Finding, folders: dict[str, Path], configurations: Configurations, cwd: Path) -> Severity:
    """The fail level for a finding: the command line's, or that of its file's configuration."""
    folder = folders.get(finding.uri)
    if folder is None:
        local = Path(finding.uri.removeprefix("file://")) if finding.uri.startswith("file://") else None
        folder = local.parent if local is not None else cwd
    return configurations.fail_level_for(folder)


def _baselines(options: LintOptions, configurations: Configurations, folders: set[Path]) -> Baseline | None:
    """The baseline to compare with: ``--baseline``'s, or every one the linted documents' configurations name."""
    if options.no_baseline:
        return None
    if options.baseline is not None:
        return read_baseline(options.baseline, display_path(options.baseline, configurations.cwd))
    named = sorted({config.baseline for folder in folders
                    if (config := configurations.config_for(folder)) is not None and config.baseline is not None})
    entries: list[BaselineEntry] = []
    for path in named:
        entries += read_baseline(path, display_path(path, configurations.cwd)).entries
    return Baseline(tuple(entries)) if named else None
