"""Declarative rules in two processes (a large document with more than one CPU): the same report as in one.

The rules on the document as written run in a forked child, which then applies the resolved rules
to the matches the parent's resolved walk sends it, while the parent applies them to the others.
Every rule case of the ``oas`` rule set is linted with the default rules both ways, with the size
from which a document is split lowered to nothing, and the findings, their order and the tool
errors must be the same: as the parent shares out the matches by itself, when it sends every other
chunk, when the child cannot find what it is sent, and when the child fails.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from apilint import document as document_module
from apilint import engine
from apilint import workspace as workspace_module
from apilint.document import Document
from apilint.engine import Linter
from apilint.forked_call import ForkedCall, can_fork
from apilint.json_reader import JsonPositions
from apilint.plugin_host import LoadedPlugins, PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.rulesets import runner
from apilint.selection import RuleSelection
from apilint.testing import RuleCase, load_cases
from apilint.workspace import Workspace

pytestmark = pytest.mark.skipif(not can_fork(), reason="a second process is used only where fork is available")

REPO = Path(__file__).resolve().parents[3]
CASE_FILES = sorted((REPO / "tests" / "unit" / "oas" / "rules" / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def selection() -> RuleSelection:
    host = PluginHost()
    host.load_entry_points()
    plugins: LoadedPlugins = host.collect()
    return SelectionBuilder(plugins, REPO).select(())


@pytest.fixture(scope="module")
def cases() -> list[RuleCase]:
    return [case for path in CASE_FILES for case in load_cases(path)]


def _report(linter: Linter) -> tuple[list[tuple[object, ...]], list[str]]:
    return ([(finding.rule_id, finding.path, finding.pointer, finding.message, finding.fingerprint, finding.span)
             for finding in linter.findings], [error.message for error in linter.tool_errors])


def _lint(project: Path, root: Path, selection: RuleSelection, *, in_parallel: bool) -> Linter:
    workspace = Workspace(root=project, cwd=project)
    linter = Linter(workspace, project, in_parallel=in_parallel)
    linter.lint(workspace.read_file(root), selection)
    return linter


def _lint_every_case(cases: list[RuleCase], selection: RuleSelection, tmp_path: Path
                     ) -> list[tuple[str, tuple[object, ...], tuple[object, ...]]]:
    """(case, serial report, parallel report) for every case of the rule set."""
    outcomes = []
    for number, case in enumerate(cases):
        project = tmp_path / f"{number:04d}"
        root = case.write(project)
        serial = _lint(project, root, selection, in_parallel=False)
        parallel = _lint(project, root, selection, in_parallel=True)
        outcomes.append((str(case), _report(serial), _report(parallel)))
    return outcomes


def test_two_processes_report_what_one_does_on_every_rule_case(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    forks = 0
    enter = ForkedCall.__enter__

    def counted(self: ForkedCall[object]) -> ForkedCall[object]:
        nonlocal forks
        forks += 1
        return enter(self)

    received = 0
    result = ForkedCall.result

    def counted_result(self: ForkedCall[object]) -> object:
        nonlocal received
        sent = result(self)
        received += sent is not None
        return sent

    refused = 0
    received_by = runner._Recording.received

    def counted_received(self: runner._Recording, *args: object) -> bool:
        nonlocal refused
        taken = received_by(self, *args)  # type: ignore[arg-type]
        refused += not taken
        return taken

    monkeypatch.setattr(ForkedCall, "__enter__", counted)
    monkeypatch.setattr(ForkedCall, "result", counted_result)
    monkeypatch.setattr(runner._Recording, "received", counted_received)
    outcomes = _lint_every_case(cases, selection, tmp_path)
    assert len(outcomes) > 300
    # Most cases hold rules of both kinds; where one kind has nothing to run, nothing is forked.
    assert forks > len(outcomes) // 2
    # Every child's report was used, not the parent's own run of the child's rules.
    assert received == forks
    assert refused == 0
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    assert sum(len(serial[0]) for _, serial, _ in outcomes) > 1000


def test_a_child_that_fails_leaves_the_work_to_the_parent(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    # The child dies at once, as if killed (out of memory, say), before it sends anything.
    monkeypatch.setattr(ForkedCall, "_in_child", lambda self, read_end, write_end: 9)
    outcomes = _lint_every_case(cases[:60], selection, tmp_path)
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    assert any(serial[0] for _, serial, _ in outcomes)


def test_references_and_python_rules_are_checked_here_while_the_child_walks(
        selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    children: list[int] = []
    fork = ForkedCall._fork

    def noted(self: ForkedCall[object]) -> None:
        fork(self)
        children.append(self._pid)  # type: ignore[attr-defined]

    calls: list[tuple[int, int]] = []
    run_python = Linter._run_python

    def recorded(self: Linter, document: object, chosen: RuleSelection) -> None:
        calls.append((os.getpid(), len(children)))
        run_python(self, document, chosen)  # type: ignore[arg-type]

    monkeypatch.setattr(ForkedCall, "_fork", noted)
    monkeypatch.setattr(Linter, "_run_python", recorded)
    root = tmp_path / "openapi.json"
    root.write_text(json.dumps({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/pets": {"get": {"responses": {"200": {"$ref": "#/components/responses/Missing"}}}}}}))
    parallel = _report(_lint(tmp_path, root, selection, in_parallel=True))
    # Once, in this process, after the child was started.
    assert calls == [(os.getpid(), 1)]
    assert "invalid-ref" in {finding[0] for finding in parallel[0]}
    assert parallel == _report(_lint(tmp_path, root, selection, in_parallel=False))


def test_small_documents_stay_in_one_process(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: ForkedCall[object]) -> ForkedCall[object]:
        raise AssertionError("forked for a small document")

    monkeypatch.setattr(ForkedCall, "__enter__", refuse)
    case = cases[0]
    root = case.write(tmp_path)
    assert _report(_lint(tmp_path, root, selection, in_parallel=True)) == \
        _report(_lint(tmp_path, root, selection, in_parallel=False))


def test_the_rule_time_limit_holds_in_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    host = PluginHost()
    host.load_entry_points()
    plugins = host.collect()

    def stalls(value: object, options: object, context: object) -> list[object]:
        time.sleep(30)
        return []

    slow = replace(plugins.functions["truthy"], check=stalls)
    patched = LoadedPlugins(rules=plugins.rules, reporters=plugins.reporters,
                            functions={**plugins.functions, "truthy": slow}, rulesets=plugins.rulesets)
    (tmp_path / "ruleset.yaml").write_text(
        "rules:\n"
        "  stalls-as-written: {given: $.info, resolved: false, then: {function: truthy}}\n"
        "  titled: {given: $.info, then: {field: title, function: defined}}\n")
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\ninfo: {version: '1'}\npaths: {}\n")
    selection = SelectionBuilder(patched, tmp_path).select((str(tmp_path / "ruleset.yaml"),))
    reports = []
    for in_parallel in (True, False):
        workspace = Workspace(root=tmp_path, cwd=tmp_path)
        linter = Linter(workspace, tmp_path, rule_time_limit=0.3, in_parallel=in_parallel)
        started = time.monotonic()
        linter.lint(workspace.read_file(tmp_path / "api.yaml"), selection)
        assert time.monotonic() - started < 10
        reports.append(_report(linter))
    assert reports[0] == reports[1]
    findings, errors = reports[0]
    assert [finding[0] for finding in findings] == ["titled"]
    assert len(errors) == 1 and "stalls-as-written" in errors[0] and "longer than 0.3 s" in errors[0]


def _alternate_chunks(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make the parent send every other four matches to the child, however busy the child is.

    Counts, in the parent, the matches the child applied and the resolved walks made again here.
    """
    monkeypatch.setattr(runner, "_BACKLOG", 1 << 40)
    monkeypatch.setattr(runner, "_PIPE_ROOM", 1 << 40)
    takes = runner._Stream.takes

    def alternating(self: runner._Stream, index: int, *match: object) -> bool:
        return (index // 4) % 2 == 0 or takes(self, index, *match)  # type: ignore[arg-type]

    counts = {"child": 0, "again": 0}
    streams: list[runner._Stream] = []
    finish = runner._Stream.finish

    def kept(self: runner._Stream) -> None:
        streams.append(self)
        finish(self)

    result = ForkedCall.result

    def counted(self: ForkedCall[object]) -> object:
        sent = result(self)
        # The child counts what it applied in memory it shares with this process.
        counts["child"] += sum(stream._shared[1] - len(sent[3]) if sent else 0  # type: ignore[index]
                               for stream in streams)
        streams.clear()
        return sent

    walk = runner.DeclarativeRunner._walk

    def walks(self: runner.DeclarativeRunner, document: object, workspace: object, resolved: bool,
              *rest: object) -> None:
        log = rest[-1]
        # The parent's resolved walk takes its matches from the stream; one that does not is done again.
        if resolved and isinstance(log, runner._Recording) \
                and not isinstance(getattr(log._takes, "__self__", None), runner._Stream):
            counts["again"] += 1
        walk(self, document, workspace, resolved, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(runner._Stream, "takes", alternating)
    monkeypatch.setattr(runner._Stream, "finish", kept)
    monkeypatch.setattr(ForkedCall, "result", counted)
    monkeypatch.setattr(runner.DeclarativeRunner, "_walk", walks)
    return counts


def _fail_in_the_child(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, error: type[BaseException]) -> None:
    """Make ``owner``'s function ``name`` raise ``error`` in a forked child, and work as before here."""
    parent = os.getpid()
    original = getattr(owner, name)

    def failing(*arguments: object) -> object:
        if os.getpid() != parent:
            raise error
        return original(*arguments)

    monkeypatch.setattr(owner, name, failing)


def test_chunks_sent_in_turn_give_the_report_of_one_process(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    counts = _alternate_chunks(monkeypatch)
    outcomes = _lint_every_case(cases, selection, tmp_path)
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    # The child applied what it was sent, and nothing was done again here.
    assert counts["child"] > 2000
    assert counts["again"] == 0


def test_matches_in_files_read_after_the_fork_are_applied_by_the_child_too(
        selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    counts = _alternate_chunks(monkeypatch)
    # Every operation is in another file, which the parent reads only once the child is forked.
    operations = {f"/items{number}": {"get": {"responses": {"400": {"description": "bad"}}}} for number in range(30)}
    (tmp_path / "paths.json").write_text(json.dumps(operations))
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {path: {"$ref": f"paths.json#/{path.replace('/', '~1')}"} for path in operations}}))
    serial = _lint(tmp_path, tmp_path / "api.json", selection, in_parallel=False)
    parallel = _lint(tmp_path, tmp_path / "api.json", selection, in_parallel=True)
    assert _report(serial) == _report(parallel)
    assert sum(finding.path == "paths.json" for finding in serial.findings) > 30
    assert counts["child"] > 30
    assert counts["again"] == 0


def test_without_a_pipe_for_the_matches_the_parent_applies_them_all(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    counts = _alternate_chunks(monkeypatch)
    pipe = os.pipe
    asked = 0

    def no_pipe_for_the_stream() -> tuple[int, int]:
        # The stream asks first, then the forked call, for every document: only the stream is refused.
        nonlocal asked
        asked += 1
        if asked % 2 == 1:
            raise OSError(24, "Too many open files")
        return pipe()

    monkeypatch.setattr(os, "pipe", no_pipe_for_the_stream)
    outcomes = _lint_every_case(cases[:60], selection, tmp_path)
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    assert asked > 20
    assert counts["child"] == 0
    assert counts["again"] == 0


def test_matches_the_child_cannot_find_are_applied_here(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    counts = _alternate_chunks(monkeypatch)
    # As if, in the child, no place the parent sent were where the parent's walk saw it.
    _fail_in_the_child(monkeypatch, Document, "node", KeyError)
    outcomes = _lint_every_case(cases[:80], selection, tmp_path)
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    assert counts["child"] == 0
    assert counts["again"] > 50


def test_matches_a_failing_child_was_sent_are_applied_here(
        cases: list[RuleCase], selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    counts = _alternate_chunks(monkeypatch)
    # The child has applied what it was sent, and fails before it sends anything back.
    _fail_in_the_child(monkeypatch, runner, "_located", MemoryError)
    outcomes = _lint_every_case(cases[:80], selection, tmp_path)
    differing = [name for name, serial, parallel in outcomes if serial != parallel]
    assert not differing, differing
    assert counts["again"] > 50


def test_a_rule_stopped_in_one_part_reports_nothing_after_that_match_from_the_other() -> None:
    rules = [object(), object()]
    parent = runner._Recording(rules)  # type: ignore[arg-type]
    child = runner._Recording(rules)  # type: ignore[arg-type]
    # Rule 0 times out at match 2 (applied here); the child, not knowing, goes on with it.
    parent.events = [("report", 0, "a", 0), ("fail", 0, "too slow", 2), ("stop", 0, None, 2),
                     ("report", 1, "b", 3), ("report", 1, "e", 8)]
    child.events = [("report", 0, "c", 4), ("report", 1, "d", 5), ("report", 0, "f", 12)]
    merged = runner._Recording.merged(rules, [parent, child])  # type: ignore[arg-type]
    assert [(kind, payload) for kind, _, payload, _ in merged.events] == [
        ("report", "a"), ("fail", "too slow"), ("stop", None), ("report", "b"), ("report", "d"), ("report", "e")]


def _place(document: Document, pointer: str) -> runner._Place:
    """The place in ``document`` at ``pointer``, with its pointer known (a reference's target, the root)."""
    return runner._Place(document.node(pointer), document, pointer)


def test_the_stream_sends_a_backlog_at_most_and_only_what_the_child_can_read(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\npaths:\n  /a: {get: {responses: {'200': {}}}}\n")
    (tmp_path / "other.yaml").write_text("{}\n")
    workspace = Workspace(root=tmp_path, cwd=tmp_path)
    document = workspace.read_file(tmp_path / "api.yaml")
    rules = [object(), object()]
    # As if other.yaml were neither read before the fork nor a file the child can read.
    stream = runner._Stream(rules, lambda uri: uri == document.uri)  # type: ignore[arg-type]
    elsewhere = _place(workspace.read_file(tmp_path / "other.yaml"), "")
    stream._sending = True  # as in a parent with a child; here this process reads both ends
    base = _place(document, "/paths/~1a")
    below = runner._Place.below(runner._Place.below(base, "get", base.value["get"]), "responses",
                                base.value["get"]["responses"])
    route = ("paths", "/a", "get", "responses")
    decisions = [stream.takes(index, rules[index % 2], below, route, "value")  # type: ignore[arg-type]
                 for index in range(runner._BACKLOG + runner._CHUNK)]
    # The child applied nothing yet: a backlog's worth is sent, then the parent applies the rest.
    assert decisions == [False] * runner._BACKLOG + [True] * runner._CHUNK
    for _ in range(runner._BACKLOG):
        stream.applied()
    start = runner._BACKLOG + runner._CHUNK
    assert not stream.takes(start, rules[0], below, route, "key")  # type: ignore[arg-type]
    assert stream.takes(start + 1, rules[0], elsewhere, ("x", "y"), "value")  # type: ignore[arg-type]
    deep = (0,) * (runner._MAX_SENT_DEPTH + 1)
    assert stream.takes(start + 2, rules[0], below, deep, "value")  # type: ignore[arg-type]
    # The root and what is one step below it: the rules on them read most of the document.
    assert stream.takes(start + 3, rules[0], _place(document, ""), (), "value")  # type: ignore[arg-type]
    assert stream.takes(start + 4, rules[0], _place(document, "/paths"), ("paths",), "value")  # type: ignore[arg-type]
    stream.finish()
    received = list(stream.received())
    assert [record[0] for record in received] == [*range(runner._BACKLOG), start]
    assert stream.sent == {record[0] for record in received}
    # The rule's number, the document, the place above whose pointer is known and the keys from
    # there, the route and the kind.
    assert received[-1][1:] == (0, document.uri, "/paths/~1a", ("get", "responses"), route, "key")
    assert received[1][1] == 1


def test_where_the_child_found_its_findings_in_a_json_file_is_not_worked_out_again(
        selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    # Operations without descriptions, tags or success responses, and unused components: findings
    # of both walks, all over a JSON file read by the C parser (positions worked out on demand).
    paths = {f"/items{number}": {"get": {"operationId": f"get{number}", "responses": {"400": {"description": "bad"}}},
                                 "post": {"responses": {"200": {"description": "ok"}}}}
             for number in range(40)}
    schemas = {f"Unused{number}": {"type": "object"} for number in range(10)}
    (tmp_path / "api.json").write_text(json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
                                                   "paths": paths, "components": {"schemas": schemas}}, indent=2))
    scans = {"serial": 0, "parallel": 0}
    mode = "serial"
    scan = JsonPositions._scan_members

    def counted(self: JsonPositions, container: object, start: int) -> list[int]:
        scans[mode] += 1
        return scan(self, container, start)  # type: ignore[arg-type]

    monkeypatch.setattr(JsonPositions, "_scan_members", counted)
    counts = _alternate_chunks(monkeypatch)
    serial = _lint(tmp_path, tmp_path / "api.json", selection, in_parallel=False)
    mode = "parallel"
    parallel = _lint(tmp_path, tmp_path / "api.json", selection, in_parallel=True)
    assert _report(serial) == _report(parallel)
    assert len(serial.findings) > 100
    assert counts["child"] > 10
    # The parent scanned only what its own findings needed and the child had not scanned already.
    assert scans["parallel"] < scans["serial"] / 2


def test_files_read_while_two_processes_share_the_rules_are_read_in_one(
        selection: RuleSelection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARALLEL_FROM_CHARACTERS", 0)
    _alternate_chunks(monkeypatch)
    asked = tmp_path / "asked"
    real_read = document_module.read_document

    def read(uri: str, path: str, raw: bytes, *, in_parallel: bool = False) -> Document:
        with asked.open("a") as record:  # from either process
            record.write(f"{Path(path).name} {in_parallel}\n")
        return real_read(uri, path, raw, in_parallel=in_parallel)

    monkeypatch.setattr(workspace_module, "read_document", read)
    operations = {f"/items{number}": {"get": {"responses": {"400": {"description": "bad"}}}} for number in range(30)}
    (tmp_path / "paths.yaml").write_text(json.dumps(operations))
    (tmp_path / "api.yaml").write_text(json.dumps({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {path: {"$ref": f"paths.yaml#/{path.replace('/', '~1')}"} for path in operations}}))
    workspace = Workspace(root=tmp_path, cwd=tmp_path, in_parallel=True)
    linter = Linter(workspace, tmp_path, in_parallel=True)
    linter.lint(workspace.read_file(tmp_path / "api.yaml"), selection)
    # The root before the fork may be read in parts; the file it refers to, read after it, is not.
    assert sorted(set(asked.read_text().splitlines())) == ["api.yaml True", "paths.yaml False"]
    assert workspace.in_parallel
    assert any(finding.path == "paths.yaml" for finding in linter.findings)
