"""Linting root documents in groups, in this process or in several (``--jobs``).

A group is a set of root documents that share no file with any other group, so each group can
be linted by its own :class:`Linter` and the results put together exactly as one linter would
have produced them: a shared file belongs to one group, and is checked, and its suppressions
judged, once. The groups come from :mod:`apilint.reference_graph`.

Worker processes are forked, so they start with the plugins, configurations and compiled rules
the parent already loaded; where ``fork`` is not available the groups run in this process.
"""

from __future__ import annotations

import dataclasses
import datetime
import gc
import signal
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from apilint.engine import Linter
from apilint.findings import Finding, ToolError
from apilint.selection import RuleSelection
from apilint.workspace import Workspace

__all__ = ["GroupOutcome", "LintSetup", "RootTask", "run_groups"]


@dataclass(frozen=True, slots=True)
class RootTask:
    """One root document to lint: a file found or named (``explicit``), or standard input (``text``)."""

    index: int
    path: Path | None
    explicit: bool
    #: The folder whose configuration applies.
    directory: Path
    text: bytes | None = None
    stdin_name: str = "-"
    #: ``path`` with symbolic links resolved, when it is already known.
    real_path: Path | None = None


@dataclass(frozen=True, slots=True)
class LintSetup:
    """What every group needs: how to read files, which rules apply where, and what has run anywhere."""

    root: Path
    cwd: Path
    allow_remote: bool
    max_file_size: int
    srcroot: Path
    today: datetime.date
    rule_time_limit: float | None
    #: The rules for a document in a folder (configurations are read before any group runs).
    selection_for: Callable[[Path], RuleSelection]
    #: Every rule id some document of the run is linted with: a suppression of one of them that
    #: silences nothing is unused, whichever group its file is in.
    rule_ids: Collection[str]
    #: Whether a large document may be read, and its rules run, in two processes (when the run may use more than one).
    in_parallel: bool = False


@dataclass(slots=True)
class GroupOutcome:
    """What linting one group found, with the indices of the tasks it came from."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)
    tool_errors: list[ToolError] = field(default_factory=list)
    #: (task index, path as shown, OpenAPI format) for each root document linted.
    documents: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    files_read: set[str] = field(default_factory=set)


def lint_group(setup: LintSetup, tasks: Sequence[RootTask], done: Callable[[], None] = lambda: None
               ) -> GroupOutcome:
    """Lint ``tasks`` in order with one linter; ``done`` is called after each."""
    workspace = Workspace(setup.root, cwd=setup.cwd, allow_remote=setup.allow_remote,
                          max_file_size=setup.max_file_size, in_parallel=setup.in_parallel)
    linter = Linter(workspace, setup.srcroot, setup.today, setup.rule_time_limit, in_parallel=setup.in_parallel)
    outcome = GroupOutcome()
    for task in tasks:
        if task.path is None:
            document = workspace.add_text(task.stdin_name, task.text or b"")
        else:
            document = workspace.read_file(task.path)
            if document.parsed and not document.is_openapi:
                if task.explicit:
                    outcome.notes.append((task.index, f"{document.path} is not an OpenAPI document (its root has no "
                                                      "'openapi' or 'swagger' key); skipped"))
                done()
                continue
        linter.lint(document, setup.selection_for(task.directory))
        outcome.documents.append((task.index, document.path, document.spec_format, document.uri))
        done()
    linter.finish(setup.rule_ids)
    outcome.findings = linter.findings
    outcome.suppressed = linter.suppressed
    outcome.tool_errors = list(linter.tool_errors)
    outcome.files_read = set(linter.files_read)
    return outcome


# The setup a forked worker inherits: set just before the pool starts, read by ``_lint_in_worker``.
_WORKER_SETUP: LintSetup | None = None


def _lint_in_worker(groups: Sequence[Sequence[RootTask]]) -> list[GroupOutcome]:
    assert _WORKER_SETUP is not None, "workers are forked after the setup is set"
    # The workers already keep every CPU asked for busy: a document's rules stay in one process.
    setup = dataclasses.replace(_WORKER_SETUP, in_parallel=False)
    return [lint_group(setup, group) for group in groups]


#: Batches handed to each worker: enough to share the work out evenly and move the progress bar,
#: few enough that sending them and waiting on them costs nothing next to linting.
_BATCHES_PER_WORKER = 32


def _batches(groups: Sequence[Sequence[RootTask]], count: int) -> list[list[Sequence[RootTask]]]:
    """``groups`` cut into at most ``count`` runs of about the same number of documents, in order."""
    total = sum(len(group) for group in groups)
    batches: list[list[Sequence[RootTask]]] = [[]]
    filled = 0
    for group in groups:
        if batches[-1] and filled >= total * len(batches) / count:
            batches.append([])
        batches[-1].append(group)
        filled += len(group)
    return batches


def run_groups(setup: LintSetup, groups: Sequence[Sequence[RootTask]], jobs: int,
               progress: Callable[[int], None] = lambda count: None) -> Iterator[GroupOutcome]:
    """Lint every group, in ``jobs`` processes when there is more than one group and ``fork`` is available.

    Outcomes come in no particular order; ``progress(n)`` is told each time ``n`` more tasks are done.
    """
    if jobs > 1 and len(groups) > 1:
        # Imported only for a parallel run: they take a noticeable part of a small document's lint.
        import multiprocessing

        if "fork" in multiprocessing.get_all_start_methods():
            yield from _run_in_workers(setup, groups, jobs, progress)
            return
    for group in groups:
        yield lint_group(setup, group, lambda: progress(1))


def _run_in_workers(setup: LintSetup, groups: Sequence[Sequence[RootTask]], jobs: int,
                    progress: Callable[[int], None]) -> Iterator[GroupOutcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # The first group is linted here: what rules build on first use (compiled schemas, indexes of
    # the specification) is then built once, and every worker forked afterwards starts with it.
    first, *rest = groups
    yield lint_group(setup, first, lambda: progress(1))
    global _WORKER_SETUP
    _WORKER_SETUP = setup
    # What exists now lives on in every worker: out of the collector's reach, its pages are not
    # written to (and so copied) by each worker's collections.
    gc.freeze()
    batches = _batches(rest, jobs * _BATCHES_PER_WORKER)
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(batches)), mp_context=multiprocessing.get_context("fork"),
                               initializer=_leave_interrupts_to_the_parent)
    try:
        sizes = {pool.submit(_lint_in_worker, batch): sum(len(group) for group in batch) for batch in batches}
        for future in as_completed(sizes):
            progress(sizes[future])
            yield from future.result()
    except BaseException:
        # Ctrl-C, or a failure in a worker: start no more groups and do not wait for the report. The
        # workers leave Ctrl-C to the parent, so they are stopped here: left to finish the groups
        # they hold, they would keep the process from exiting until then.
        pool.shutdown(wait=False, cancel_futures=True)
        workers = multiprocessing.active_children()
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.join(1)
        raise
    else:
        pool.shutdown()
    finally:
        _WORKER_SETUP = None


def _leave_interrupts_to_the_parent() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent answers it, with one line,
    # rather than each worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
