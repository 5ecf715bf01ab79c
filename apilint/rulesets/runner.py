"""Running declarative rules: every rule's ``given`` paths in one traversal per document.

Each JSONPath is compiled once into an automaton over path steps, and the paths of a run
are combined into one automaton. The traversal walks the document depth first, carrying the
combined states reached so far; a subtree is only entered while some path is still alive
there, and a node is handed to the rules whose paths accept it. Rules with
``resolved: false`` see the document as written; the others see ``$ref``s replaced by their
targets, walked where they are written, so their findings are located in the file that
holds the node. A target met again with the same live states is not walked again: its
findings would be the same, and shared components would otherwise be walked once per use.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
import struct
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from apilint.document import Document
from apilint.findings import Violation
from apilint.forked_call import ForkedCall
from apilint.functions import UNDEFINED, FunctionContext, RuleFunction
from apilint.js_regex import PatternTimeout
from apilint.jsonpath import CompiledPath, CompiledPathSet, Key, StateSet, Trail, children, compile_path, select
from apilint.jsonpath.path_set import Acceptance, SetPlan
from apilint.pointer import join_pointer, pointer_tokens
from apilint.rulesets.messages import MessageVariables, render_message
from apilint.rulesets.model import DeclarativeRule, Then
from apilint.rulesets.resolved_values import ResolvedValues
from apilint.time_limits import TimeLimitExceeded, TimeLimits
from apilint.workspace import Workspace

__all__ = ["DeclarativeRunner", "field_tokens"]

Tokens = tuple[str | int, ...]
#: Called with the rule and the violation it produced.
Report = Callable[[DeclarativeRule, Violation], None]
#: Called with the rule and a description of how it failed.
Failure = Callable[[DeclarativeRule, str], None]


class _CutShort(Exception):
    """A rule ran past a time limit and stops; ``violation``, if any, is the finding that says where."""

    def __init__(self, violation: Violation | None) -> None:
        super().__init__(violation.message if violation is not None else "")
        self.violation = violation


class _Place:
    """A node as the traversal meets it: its value and where it is written.

    A node reached by stepping down from its parent works out its pointer when asked, from the
    parent's: built for every node, the pointers of a document nested 10,000 levels deep cost time
    and memory quadratic in the depth (one such document took 40 s and 1.6 GB), and only the nodes
    a rule reports on, or a reference starts from, need theirs.
    """

    __slots__ = ("_key", "_parent", "_pointer", "document", "value")

    def __init__(self, value: Any, document: Document, pointer: str | None,
                 parent: _Place | None = None, key: Key = "") -> None:
        self.value = value
        self.document = document
        self._pointer = pointer
        self._parent = parent
        self._key = key

    @classmethod
    def below(cls, parent: _Place, key: Key, value: Any) -> _Place:
        """The member ``key`` of ``parent``, written in the same document."""
        return cls(value, parent.document, None, parent, key)

    @property
    def pointer(self) -> str:
        if self._pointer is None:
            known, keys = self.anchor()
            self._pointer = join_pointer(known, *keys)
        return self._pointer

    def anchor(self) -> tuple[str, Tokens]:
        """The nearest place at or above this one whose pointer is known, and the keys from there down.

        Cheaper than :attr:`pointer`: nothing is joined.
        """
        keys: list[Key] = []
        place: _Place = self
        while place._pointer is None:  # iterative: as deep as the document is
            assert place._parent is not None
            keys.append(place._key)
            place = place._parent
        keys.reverse()
        return place._pointer, tuple(keys)


class DeclarativeRunner:
    """Runs a set of declarative rules over documents."""

    def __init__(self, rules: Sequence[DeclarativeRule], functions: Mapping[str, RuleFunction]) -> None:
        self.rules = list(rules)
        self.functions = functions
        self._compiled: dict[str, CompiledPath] = {}
        # The same rules give the same paths for every document of a format: keeping their set
        # keeps its transition tables warm from one document to the next.
        self._sets: dict[tuple[str, ...], CompiledPathSet] = {}

    def _compile(self, path: str) -> CompiledPath:
        compiled = self._compiled.get(path)
        if compiled is None:
            compiled = self._compiled[path] = compile_path(path)
        return compiled

    def _path_set(self, paths: list[str]) -> CompiledPathSet:
        key = tuple(paths)
        path_set = self._sets.get(key)
        if path_set is None:
            path_set = self._sets[key] = CompiledPathSet(self._compile(path) for path in paths)
        return path_set

    def run(self, document: Document, workspace: Workspace, report: Report, fail: Failure,
            references: Callable[[], frozenset[tuple[str, str]]], cut_short: Report = lambda rule, where: None,
            time_limits: TimeLimits | None = None, in_parallel: bool = False,
            first: Callable[[], None] = lambda: None) -> None:
        """Run every rule that applies to ``document``'s format over it, after calling ``first``.

        A rule whose pattern runs past the time limit on some value is stopped for the rest of the
        document; ``cut_short`` is told where, with a message that says so. A rule whose function
        runs past ``time_limits`` on one value is stopped too, and reported through ``fail``.

        ``in_parallel``: a forked child runs the rules on the document as written, then applies
        the resolved rules to the matches this process's resolved walk sends it, while this
        process applies them to the others (:class:`_Stream`). What each reports is passed on in
        the order a serial run reports it, so the outcome is the same. There, ``first`` is called
        in this process once the child is forked, so that the child starts on its walk meanwhile.
        """
        limits = time_limits or TimeLimits(None)
        resolver = ResolvedValues(workspace)

        def walk(resolved: bool, report: Report, fail: Failure, cut_short: Report,
                 log: _Recording | None = None) -> None:
            self._walk(document, workspace, resolved, resolver, report, fail, references, cut_short, limits, log)

        if not (in_parallel and self._has_rules(document, False) and self._has_rules(document, True)):
            first()
            walk(False, report, fail, cut_short)
            walk(True, report, fail, cut_short)
            return
        # Positions are known by the ids of a document's containers, which are the same in the child
        # only for the documents read before it is forked.
        read_before = {found.uri: found for found in (document, *workspace.documents())}
        # The child has those, and reads a local file the parent reads later as the parent did.
        stream = _Stream(self.rules, lambda uri: uri in read_before or uri.startswith("file:"))

        def locate(violation: Violation) -> None:
            # Where a finding is written is worked out here, as the walk goes, rather than by the
            # parent when it reports the finding: the scans of a large JSON file that takes are sent
            # back with the findings (see _located).
            (violation.document or document).locate(violation.pointer)

        def in_child() -> tuple[list[_Event], list[_Event], _Positions, list[int]]:
            as_written = _Recording(self.rules, noticed=locate).of(walk, False)
            resolved = _Recording(self.rules, noticed=locate)
            apply = self._applier(document, workspace, resolver, references, limits, resolved, *resolved.reporters())
            missed: list[int] = []
            # Many matches lie below one place (a reference's target): each is found once.
            anchors: dict[tuple[str, str], _Place] = {}
            for index, number, uri, pointer, keys, route, kind in stream.received():
                try:
                    place = anchors.get((uri, pointer))
                    if place is None:
                        found = read_before.get(uri) or workspace.document_at(uri)
                        if found is None or not found.parsed:
                            raise KeyError(uri)
                        place = anchors[uri, pointer] = _Place(found.node(pointer), found, pointer)
                    for key in keys:
                        place = _Place.below(place, key, place.value[key])
                except (KeyError, IndexError, TypeError):
                    missed.append(index)  # not where the parent's walk saw it: left to the parent
                else:
                    resolved.at(index)
                    apply(self.rules[number], place, route, kind)
                stream.applied()
            return as_written.sent(), resolved.sent(), _located(read_before.values()), missed

        def child_starts() -> None:
            stream.in_child()
            limits.restart_ticks()

        try:
            # Files read meanwhile, by either process, are read in one: the two have work enough.
            with workspace.reading_in_one_process(), ForkedCall(in_child, after_fork=child_starts) as child:
                stream.in_parent(sending=child.started)
                first()
                resolved_here = _Recording(self.rules, stream.takes).of(walk, True)
                stream.finish()  # before waiting: the child reads until the pipe is closed
                sent = child.result()
        finally:
            stream.close()
        as_written, resolved_there = _Recording(self.rules), _Recording(self.rules)
        parts = [resolved_here]
        if sent is not None and as_written.received(sent[0], workspace) \
                and resolved_there.received(sent[1], workspace):
            for uri, known in sent[2].items():
                positions = read_before[uri].positions
                if positions is not None:
                    positions.learn(known)
            as_written.replay(report, fail, cut_short)
            parts.append(resolved_there)
            again = set(sent[3])
        else:
            # The child failed: its part is done here instead, to the same effect.
            walk(False, report, fail, cut_short)
            again = stream.sent
        if again:
            parts.append(_Recording(self.rules, lambda index, rule, place, route, kind: index in again).of(walk, True))
        _Recording.merged(self.rules, parts).replay(report, fail, cut_short)

    def _has_rules(self, document: Document, resolved: bool) -> bool:
        return any(rule.resolved is resolved and rule.rule.applies_to(document.spec_format) for rule in self.rules)

    def _walk(self, document: Document, workspace: Workspace, resolved: bool, resolver: ResolvedValues,
              report: Report, fail: Failure, references: Callable[[], frozenset[tuple[str, str]]],
              cut_short: Report, limits: TimeLimits, log: _Recording | None) -> None:
        """One traversal: the rules that see the document as written, or those that see it resolved.

        With a ``log``, the rules are applied only to the matches it takes (numbered in the order
        the walk meets them), and it is told where each rule is stopped.
        """
        spec_format = document.spec_format
        paths: list[str] = []
        programs: list[list[DeclarativeRule]] = []
        index: dict[str, int] = {}
        for rule in self.rules:
            if rule.resolved is not resolved or not rule.rule.applies_to(spec_format):
                continue
            for path in rule.paths_for(spec_format):
                if path not in index:
                    index[path] = len(programs)
                    paths.append(path)
                    programs.append([])
                programs[index[path]].append(rule)
        if not programs:
            return
        following = workspace if resolved else None
        apply = self._applier(document, following, resolver if resolved else None, references, limits, log,
                              report, fail, cut_short)
        matches = 0

        def on_match(rule: DeclarativeRule, place: _Place, route: Tokens, kind: str) -> None:
            nonlocal matches
            matches += 1
            if log is None or log.takes(matches - 1, rule, place, route, kind):
                apply(rule, place, route, kind)

        traversal = _Traversal(self._path_set(paths), programs, following, on_match)
        traversal.run(_Place(document.data, document, ""))

    def _applier(self, document: Document, following: Workspace | None, resolver: ResolvedValues | None,
                 references: Callable[[], frozenset[tuple[str, str]]], limits: TimeLimits, log: _Recording | None,
                 report: Report, fail: Failure, cut_short: Report) -> Callable[[DeclarativeRule, _Place, Tokens, str],
                                                                               None]:
        """What applies a rule to the matches of one walk of ``document``, until the rule is stopped.

        ``following`` and ``resolver`` are given for the resolved walk; ``log`` is told where a
        rule is stopped.
        """
        stopped: set[str] = set()

        def apply(rule: DeclarativeRule, place: _Place, route: Tokens, kind: str) -> None:
            if rule.rule.id in stopped:
                return
            try:
                self._apply(rule, place, route, kind, document, following, resolver, report, fail, references,
                            limits)
            except _CutShort as where:
                stopped.add(rule.rule.id)
                if where.violation is not None:
                    cut_short(rule, where.violation)
                if log is not None:
                    log.stopped(rule)

        return apply

    # -- one selected node

    def _apply(self, rule: DeclarativeRule, place: _Place, route: Tokens, kind: str, root: Document,
               workspace: Workspace | None, resolver: ResolvedValues | None, report: Report, fail: Failure,
               references: Callable[[], frozenset[tuple[str, str]]], limits: TimeLimits) -> None:
        value = place.value
        if kind == "key":
            value = route[-1] if route else ""
        # Rules on the document as written see references as written, and resolve none.
        resolve = resolver.resolve_reference if resolver is not None else _unresolved
        for then in rule.then:
            function = self.functions[then.function]
            for target_tokens, target in _targets(value, then, kind == "key", place, workspace, resolver):
                # Positional: made for every selected value, and a third faster than with keywords.
                context = FunctionContext(route + target_tokens, root, rule.rule.id, root.spec_format, references,
                                          resolve)
                try:
                    with limits.limit():
                        results = list(function.check(target, then.options, context))
                except TimeLimitExceeded:
                    fail(rule, f"function '{then.function}' took longer than {limits.seconds:g} s on one value and "
                               "was stopped; the rule was not run on the rest of the document")
                    raise _CutShort(None) from None
                except PatternTimeout as timeout:
                    where = _locate(place, target_tokens, workspace)
                    raise _CutShort(Violation(where.pointer, f"rule {rule.rule.id} stopped here: {timeout} on this "
                                              "value, so it was not run on the rest of the document",
                                              where.document)) from None
                except Exception as error:  # noqa: BLE001 - a failing function must not stop the others
                    fail(rule, f"function '{then.function}' raised {type(error).__name__}: {error}")
                    return
                for result in results:
                    where = _locate(place, target_tokens + tuple(result.path), workspace)
                    message = self._message(rule, result.message, where, result.sentence)
                    report(rule, Violation(where.pointer, message, where.document))

    def _message(self, rule: DeclarativeRule, error: str, where: _Place, sentence: bool) -> str:
        tokens = tuple(pointer_tokens(where.pointer))
        variables = MessageVariables(error=error, description=rule.description or "", path=tokens,
                                     value=where.value)
        error = render_message(error, variables)
        if not sentence:
            # Functions say what is wrong with the value ("must be camelCase"); the message names the value.
            error = f"`{tokens[-1]}` {error}" if tokens else f"The document {error}"
        variables.error = error
        if rule.message is None:
            return rule.description.strip() if rule.description else error
        return render_message(rule.message, variables) or error


#: The matches sent to the child together, in one write.
_CHUNK = 16
#: At most this many matches sent to the child and not yet applied there: enough that it does not
#: wait between two sends, few enough that the parent does not wait long for the last ones.
_BACKLOG = 64
#: Matches are sent only while fewer bytes than this are in the pipe, so that writes do not block
#: (a pipe holds 64 KiB on Linux, 16 KiB at first on macOS)...
_PIPE_ROOM = 8192
#: ... and only for routes no longer than this, which bounds what one write adds to it (for keys of
#: ordinary length; a longer write waits until the child reads).
_MAX_SENT_DEPTH = 64
#: Matches at the root or one step below (``$``, ``$.paths``) stay in the parent: the rules on them
#: read the whole document, or most of it, resolved, and the resolved copy is made once if one
#: process makes it for all of them (on GitHub's description, a seventh of a second).
_MIN_SENT_DEPTH = 2
#: A match sent to the child: its number, the rule's, where it is (the document's URI, the pointer
#: of a place above it and the keys from there), its route and its kind.
_Sent = tuple[int, int, str, str, Tokens, Tokens, str]
_LENGTH = struct.Struct("<I")


class _Stream:
    """The resolved walk's matches, shared out as the parent's walk meets them.

    Only the parent makes the resolved walk. It sends each match it meets to the child through a
    pipe (:data:`_CHUNK` to a write) if the child has fewer than :data:`_BACKLOG` matches still to
    apply (as two counters in memory the two processes share say), and applies it itself
    otherwise. The child applies what it receives, locating each match by its pointer. A match is
    sent only if it lies in a document the child has too (read before the fork) or reads as the
    parent did (a local file), so the child meets the very values the parent would have.

    Which process applies a match depends on timing, never what is reported: every report carries
    its match's number and the two recordings are merged in that order (:meth:`_Recording.merged`).
    If the child fails, the parent applies the matches it sent again.
    """

    def __init__(self, rules: Sequence[DeclarativeRule], child_reads: Callable[[str], bool]) -> None:
        # Anonymous memory mapped before the fork is shared with the child (MAP_SHARED). The child
        # alone writes: the bytes it has read from the pipe, and the matches it has applied.
        self._shared = memoryview(mmap.mmap(-1, mmap.PAGESIZE)).cast("q")
        self._read_end: int | None = None
        self._write_end: int | None = None
        with contextlib.suppress(OSError):  # out of file descriptors: nothing is sent, all is done here
            self._read_end, self._write_end = os.pipe()
        self._numbers = {id(rule): number for number, rule in enumerate(rules)}
        self._child_reads = child_reads
        self._sendable: dict[str, bool] = {}
        #: The matches sent to the child.
        self.sent: set[int] = set()
        self._sending = False
        self._queued: list[_Sent] = []
        self._written = 0

    # -- in the parent

    def in_parent(self, sending: bool) -> None:
        """Called in the parent after the fork; ``sending`` is whether there is a child to send to."""
        self._close_read_end()
        self._sending = sending and self._write_end is not None

    def takes(self, index: int, rule: DeclarativeRule, place: _Place, route: Tokens, kind: str) -> bool:
        """Whether the parent applies ``rule`` to match ``index`` itself; if not, it is sent to the child."""
        uri = place.document.uri
        if not (self._sending and len(self.sent) - self._shared[1] < _BACKLOG
                and self._written - self._shared[0] < _PIPE_ROOM and _MIN_SENT_DEPTH <= len(route) <= _MAX_SENT_DEPTH
                and self._child_has(uri)):
            # What waits to be sent goes first: the child is not left idle while this one is applied.
            self._flush()
            return True
        pointer, keys = place.anchor()
        self._queued.append((index, self._numbers[id(rule)], uri, pointer, keys, route, kind))
        self.sent.add(index)
        if len(self._queued) == _CHUNK:
            self._flush()
        return False

    def _child_has(self, uri: str) -> bool:
        known = self._sendable.get(uri)
        if known is None:
            known = self._sendable[uri] = self._child_reads(uri)
        return known

    def _flush(self) -> None:
        if not self._queued or self._write_end is None:
            return
        record = pickle.dumps(self._queued, protocol=pickle.HIGHEST_PROTOCOL)
        self._queued = []
        data = memoryview(_LENGTH.pack(len(record)) + record)
        try:
            while data:  # a signal (the rule time limit's ticks) may cut a write short
                data = data[os.write(self._write_end, data):]
        except OSError:
            self._sending = False  # the child is gone: what it was sent is done again here
        self._written += _LENGTH.size + len(record)

    def finish(self) -> None:
        """The parent's walk is over: send what is left and let the child see the end."""
        self._flush()
        self._close_write_end()

    def close(self) -> None:
        """Close what is still open of the pipe (after an error, say)."""
        self._close_read_end()
        self._close_write_end()

    def _close_read_end(self) -> None:
        if self._read_end is not None:
            os.close(self._read_end)
            self._read_end = None

    def _close_write_end(self) -> None:
        if self._write_end is not None:
            os.close(self._write_end)
            self._write_end = None

    # -- in the child

    def in_child(self) -> None:
        """Called in the child first."""
        self._close_write_end()

    def received(self) -> Iterator[_Sent]:
        """The matches sent, until the parent's walk is over."""
        if self._read_end is None:
            return
        read_end, self._read_end = self._read_end, None
        with os.fdopen(read_end, "rb") as pipe:
            while len(head := pipe.read(_LENGTH.size)) == _LENGTH.size:
                (size,) = _LENGTH.unpack(head)
                record = pipe.read(size)
                self._shared[0] += _LENGTH.size + size
                yield from pickle.loads(record)  # written by our own parent

    def applied(self) -> None:
        """One more match received has been applied."""
        self._shared[1] += 1


#: What a walk reported, in order: ("report" | "cut", rule number, violation, match), ("fail", rule
#: number, text, match), or ("stop", rule number, None, match) where the rule was stopped.
_Event = tuple[str, int, Any, int]


class _Recording:
    """What one walk reports, kept to be passed on later (from a child process, or after the other walk).

    ``takes(match, rule, place, route, kind)`` says which matches of the walk it applies the rules
    to (all by default).
    """

    def __init__(self, rules: Sequence[DeclarativeRule],
                 takes: Callable[[int, DeclarativeRule, _Place, Tokens, str], bool] = (
                     lambda index, rule, place, route, kind: True),
                 noticed: Callable[[Violation], None] = lambda violation: None) -> None:
        self._numbers = {id(rule): number for number, rule in enumerate(rules)}
        self._takes = takes
        self._noticed = noticed
        self._match = 0
        self.rules = rules
        self.events: list[_Event] = []

    def of(self, walk: Callable[[bool, Report, Failure, Report, _Recording], None], resolved: bool) -> _Recording:
        """The events of ``walk(resolved, ...)``."""
        walk(resolved, *self.reporters(), self)
        return self

    def reporters(self) -> tuple[Report, Failure, Report]:
        """What records the findings, failures and cut-short findings of the current match."""
        numbers, events = self._numbers, self.events

        def reported(kind: str) -> Report:
            def record(rule: DeclarativeRule, violation: Violation) -> None:
                events.append((kind, numbers[id(rule)], violation, self._match))
                self._noticed(violation)
            return record

        def failed(rule: DeclarativeRule, what: str) -> None:
            events.append(("fail", numbers[id(rule)], what, self._match))

        return reported("report"), failed, reported("cut")

    def takes(self, index: int, rule: DeclarativeRule, place: _Place, route: Tokens, kind: str) -> bool:
        """Whether the walk applies ``rule`` to its match ``index``; what it reports is numbered so."""
        if self._takes(index, rule, place, route, kind):
            self._match = index
            return True
        return False

    def at(self, index: int) -> None:
        """What is reported from now on comes from match ``index`` (matches applied without a walk)."""
        self._match = index

    def stopped(self, rule: DeclarativeRule) -> None:
        """``rule`` is stopped at the current match, for the rest of the walk."""
        self.events.append(("stop", self._numbers[id(rule)], None, self._match))

    @classmethod
    def merged(cls, rules: Sequence[DeclarativeRule], parts: Iterable[_Recording]) -> _Recording:
        """One recording of the walk from the recordings of the parts that applied its matches.

        In match order; a rule stopped at some match reports nothing after it, as in one walk,
        although the part that applied it to later matches did not know.
        """
        kept = sorted((event for part in parts for event in part.events), key=lambda event: event[3])
        stops: dict[int, int] = {}
        merged = cls(rules)
        for event in kept:
            kind, number, _, match = event
            if number in stops and match > stops[number]:
                continue
            if kind == "stop":
                stops.setdefault(number, match)
            merged.events.append(event)
        return merged

    def sent(self) -> list[_Event]:
        """The events with each violation's document named by URI, for a child process to send."""
        return [(kind, number, (payload.pointer, payload.message,
                                payload.document.uri if payload.document is not None else None, payload.severity)
                 if kind in ("report", "cut") else payload, match)
                for kind, number, payload, match in self.events]

    def received(self, sent: list[_Event], workspace: Workspace) -> bool:
        """Take the events a child process sent; False (and none taken) if a document they name is not known here."""
        events: list[_Event] = []
        for kind, number, payload, match in sent:
            if kind in ("report", "cut"):
                pointer, message, uri, severity = payload
                document = workspace.document(uri) if uri is not None else None
                if uri is not None and document is None:
                    return False
                payload = Violation(pointer, message, document, severity)
            events.append((kind, number, payload, match))
        self.events = events
        return True

    def replay(self, report: Report, fail: Failure, cut_short: Report) -> None:
        """Pass the events on, in the order they were reported."""
        for kind, number, payload, _ in self.events:
            rule = self.rules[number]
            if kind == "fail":
                fail(rule, payload)
            elif kind != "stop":
                (report if kind == "report" else cut_short)(rule, payload)


#: By document URI, what the scans of a JSON file for positions found (JsonPositions.known).
_Positions = dict[str, tuple[dict[int, int], dict[int, list[int]]]]


def _located(documents: Iterable[Document]) -> _Positions:
    """What this process has found out about where the values of ``documents`` are written."""
    return {found.uri: found.positions.known() for found in documents if found.positions is not None}


def _unresolved(uri: str, ref: str) -> None:
    return None


def field_tokens(field: str) -> Tokens:
    """A property path as a ``field`` writes it (``a.b``, ``a[0]``, ``['x-y'].z``), split into steps."""
    tokens: list[str | int] = []
    position, length = 0, len(field)
    current = ""
    while position < length:
        char = field[position]
        if char == ".":
            if current:
                tokens.append(current)
            current = ""
            position += 1
        elif char == "[":
            if current:
                tokens.append(current)
                current = ""
            end = field.find("]", position)
            if end == -1:
                current = field[position:]
                break
            inner = field[position + 1:end].strip()
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "'\"":
                tokens.append(inner[1:-1])
            elif inner.isdigit():
                tokens.append(int(inner))
            else:
                tokens.append(inner)
            position = end + 1
        else:
            current += char
            position += 1
    if current:
        tokens.append(current)
    return tuple(tokens)


def _get(value: Any, tokens: Tokens) -> Any:
    for token in tokens:
        if isinstance(value, dict):
            value = value.get(str(token), UNDEFINED)
        elif isinstance(value, list) and (isinstance(token, int) or str(token).isdigit()):
            index = int(token)
            value = value[index] if 0 <= index < len(value) else UNDEFINED
        else:
            return UNDEFINED
    return value


def _targets(value: Any, then: Then, is_key: bool, place: _Place, workspace: Workspace | None,
             resolver: ResolvedValues | None) -> Iterable[tuple[Tokens, Any]]:
    """What ``then`` hands to its function for the selected ``value``, with paths relative to it.

    With a ``resolver`` (resolved rules), values are handed over with their references resolved.
    """

    field = then.field
    if field is None or is_key or not isinstance(value, dict | list):
        # The commonest case, on every node a rule selects: the value itself.
        return (((), value if is_key else _resolved(place, resolver)),)
    targets: list[tuple[Tokens, Any]] = []
    if field == "@key":
        keys: Iterable[str | int] = value.keys() if isinstance(value, dict) else range(len(value))
        targets = [((key,), key) for key in keys]
    elif field.startswith("$"):
        targets = [(tuple(match.path), match.value) for match in select(_resolved(place, resolver), field)]
    else:
        tokens = field_tokens(field)
        if resolver is not None:
            targets = [(tokens, _resolved(_locate(place, tokens, workspace), resolver))]
        else:
            targets = [(tokens, _get(value, tokens))]
    return targets or [((), UNDEFINED)]


def _resolved(at: _Place, resolver: ResolvedValues | None) -> Any:
    # Most selected values hold no reference: their pointer, which resolving needs, is not worked out.
    if resolver is None or resolver.unchanged(at.document, at.value):
        return at.value
    return resolver.value(at.document, at.pointer, at.value)


def _locate(place: _Place, tokens: Tokens, workspace: Workspace | None) -> _Place:
    """Where the node ``tokens`` below ``place`` is written, following ``$ref``s when resolving.

    A node that is itself a reference is located at its target (unless ``tokens`` end on the
    ``$ref`` member), which is what resolved rules saw.
    """
    document, pointer, value = place.document, place.pointer, place.value
    for token in tokens:
        if workspace is not None and isinstance(value, dict) and isinstance(value.get("$ref"), str) \
                and token != "$ref":
            document, pointer, value = workspace.follow(document, pointer, value)
        if isinstance(value, dict) and str(token) in value:
            value = value[str(token)]
        elif isinstance(value, list) and isinstance(token, int | str) and str(token).isdigit() \
                and int(token) < len(value):
            value = value[int(token)]
        else:
            value = UNDEFINED
        pointer = join_pointer(pointer, token)
    if workspace is not None and isinstance(value, dict) and isinstance(value.get("$ref"), str):
        document, pointer, value = workspace.follow(document, pointer, value)
    return _Place(value, document, pointer)


#: How many nodes below shared YAML containers a walk visits again for location-sensitive paths.
_MAX_REVISITED_NODES = 1_000_000


class _Traversal:
    """One depth-first walk offering nodes to all the rules' paths at once, with an explicit stack.

    The paths run as one :class:`CompiledPathSet`, so the work per node follows the combined
    automaton rather than the number of paths; ``rules[i]`` are the rules of the set's path ``i``.
    """

    def __init__(self, paths: CompiledPathSet, rules: list[list[DeclarativeRule]], workspace: Workspace | None,
                 on_match: Callable[[DeclarativeRule, _Place, Tokens, str], None]) -> None:
        self.paths = paths
        self.rules = rules
        self.workspace = workspace
        self.on_match = on_match
        # The ids of the containers being walked (the stack's): YAML aliases can make a node contain itself.
        self._inside: set[int] = set()
        self._seen: set[tuple[int, str, StateSet]] = set()
        self._entered: set[tuple[int, str, StateSet]] = set()
        self._revisited = 0

    def _emit(self, place: _Place, route: Sequence[Key], accepted: tuple[Acceptance, ...]) -> None:
        # The route is made a tuple only here: for every node, it would cost time quadratic in the depth.
        path = tuple(route)
        for number, kind in accepted:
            if kind == "key" and not path:
                continue  # the root has no key
            for rule in self.rules[number]:
                self.on_match(rule, place, path, kind)

    def _resolve(self, place: _Place, key: Key, child: dict[str, Any], following: frozenset[tuple[str, str]]
                 ) -> tuple[_Place, frozenset[tuple[str, str]]] | None:
        """The ``$ref`` object ``child`` as the rules see it: replaced by its target (the walk follows references).

        None for a reference back to a node the walk is already inside: that node is being
        checked where the walk first entered it, and entering it again would never end.
        """
        assert self.workspace is not None
        written = _Place.below(place, key, child)
        document, target_pointer, target = self.workspace.follow(place.document, written.pointer, child)
        if target is child:  # does not resolve; reported by invalid-ref, checked as written
            return written, following
        marker = (document.uri, target_pointer)
        if marker in following or id(target) in self._inside:
            return None
        return _Place(target, document, target_pointer), following | {marker}

    def _enter(self, value: dict[str, Any] | list[Any], document: Document, states: StateSet) -> bool:
        """Whether to walk below ``value``, which YAML aliases may make appear at several places.

        An alias names the very container its anchor built, and aliases of aliases (an "alias bomb")
        put one container at exponentially many places: nine levels of nine aliases are 387 million
        in a file of a few hundred bytes, which a walk below every place would never finish. Below a
        shared container met again with the same states, the rules select the same nodes, written in
        the same place and so reported once anyway: it is walked once. Only paths whose filters read
        the location (``@path``, ``@parent``) may select differently there; for them it is walked
        again, until :data:`_MAX_REVISITED_NODES` nodes have been walked again in the document.
        """
        if id(value) not in document.shared:
            return True
        marker = (id(value), document.uri, states)
        if marker not in self._entered:
            self._entered.add(marker)
            return True
        if self.paths.memo_safe(states):
            return False
        self._revisited += len(value)
        return self._revisited <= _MAX_REVISITED_NODES

    def run(self, root: _Place) -> None:
        paths = self.paths
        live = paths.initial(root.value)
        if paths.is_dead(live):
            return
        accepted = paths.accepts(live)
        if accepted:
            self._emit(root, (), accepted)
        trail = Trail(root.value) if paths.needs_trail else None
        route: list[Key] = []
        # Per container being walked: its children still to see, where it is, its states, the
        # references followed to reach it, and how its children are stepped to (the same for all).
        stack: list[tuple[Iterator[tuple[Key, Any]], _Place, StateSet, frozenset[tuple[str, str]], SetPlan]] = [
            (children(root.value), root, live, frozenset(), paths.plan(live))]
        inside = self._inside = {id(root.value)}
        # Looked up once: the loop below runs for every node of the document, twice.
        advance, accepts, memo_safe, emit, plan_for, key_step = (
            paths.advance, paths.accepts, paths.memo_safe, self._emit, paths.plan, paths.key_step)
        following_refs = self.workspace is not None
        # Iterative on purpose: documents can be nested far deeper than Python's recursion limit.
        while stack:
            iterator, place, live, following, plan = stack[-1]
            item = next(iterator, None)
            if item is None:
                inside.discard(id(place.value))
                stack.pop()
                if stack:
                    route.pop()
                    if trail is not None:
                        trail.pop()
                continue
            key, child = item
            if child.__class__ is not dict and child.__class__ is not list and not isinstance(child, dict | list):
                # Most nodes are scalars: nothing below them and no reference to follow. Most steps
                # look only at the key, answered from the plan's table; a place is made only for a
                # node a rule selects.
                if plan.settles_scalars:
                    entry = plan.table.get(key)
                    advanced, accepted = entry if entry is not None else key_step(plan, key)
                else:
                    advanced = advance(live, key, child, place.value, trail)
                    accepted = accepts(advanced) if advanced else ()
                if accepted:
                    route.append(key)
                    emit(_Place.below(place, key, child), route, accepted)
                    route.pop()
                continue
            if following_refs and isinstance(child, dict) and isinstance(child.get("$ref"), str):
                resolved = self._resolve(place, key, child, following)
                if resolved is None:
                    continue
                child_place, child_following = resolved
            else:
                child_place, child_following = _Place.below(place, key, child), following
            value = child_place.value
            if plan.settled_by_key(value):
                entry = plan.table.get(key)
                advanced, accepted = entry if entry is not None else key_step(plan, key)
            else:
                advanced = advance(live, key, value, place.value, trail)
                accepted = accepts(advanced) if advanced else ()
            if not advanced:
                continue
            if value is not child and memo_safe(advanced):
                # The combined states say exactly which paths are alive here and how far each got.
                memo = (id(value), child_place.document.uri, advanced)
                if memo in self._seen:
                    continue
                self._seen.add(memo)
            route.append(key)
            if accepted:
                emit(child_place, route, accepted)
            if isinstance(value, dict | list) and value and id(value) not in inside \
                    and self._enter(value, child_place.document, advanced):
                inside.add(id(value))
                if trail is not None:
                    trail.push(key, value)
                stack.append((iter(value.items()) if isinstance(value, dict) else enumerate(value), child_place,
                              advanced, child_following, plan_for(advanced)))
            else:
                route.pop()
