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
            keys: list[Key] = []
            place: _Place = self
            while place._pointer is None:  # iterative: as deep as the document is
                assert place._parent is not None
                keys.append(place._key)
                place = place._parent
            self._pointer = join_pointer(place._pointer, *reversed(keys))
        return self._pointer


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

        ``in_parallel``: a forked child runs the rules on the document as written, then joins this
        process on the resolved document: both make that walk, and each applies the rules to the
        matches it reaches first (:class:`_Share`). What each reports is passed on in the order a
        serial run reports it, so the outcome is the same. There, ``first`` is called in this
        process once the child is forked, so that the child starts on its walk meanwhile.
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
        share = _Share()
        # Positions are known by the ids of a document's containers, which are the same in the child
        # only for the documents read before it is forked.
        read_before = {found.uri: found for found in (document, *workspace.documents())}

        def locate(violation: Violation) -> None:
            # Where a finding is written is worked out here, as the walk goes, rather than by the
            # parent when it reports the finding: the scans of a large JSON file that takes are sent
            # back with the findings (see _located).
            (violation.document or document).locate(violation.pointer)

        def in_child() -> tuple[list[_Event], list[_Event], dict[int, int], _Positions]:
            as_written = _Recording(self.rules, noticed=locate).of(walk, False)
            resolved = _Recording(self.rules, share.takes, noticed=locate)
            with contextlib.suppress(_WalkOver):
                if not share.over:
                    resolved.of(walk, True)
            signatures = share.finished()
            return (as_written.sent(), resolved.sent(), {chunk: signatures[chunk] for chunk in share.taken},
                    _located(read_before.values()))

        with ForkedCall(in_child, after_fork=limits.restart_ticks) as child:
            first()
            resolved_here = _Recording(self.rules, share.takes).of(walk, True)
            signatures = share.finished()
            share.end()
            sent = child.result()
        as_written, resolved_there = _Recording(self.rules), _Recording(self.rules)
        taken_there: set[int] = set()
        if sent is not None and as_written.received(sent[0], workspace):
            for uri, known in sent[3].items():
                positions = read_before[uri].positions
                if positions is not None:
                    positions.learn(known)
            as_written.replay(report, fail, cut_short)
            if resolved_there.received(sent[1], workspace):
                # A chunk whose matches differ from this walk's (a pattern in a path timed out in
                # one walk only) is not taken from the child.
                taken_there = {chunk for chunk, signature in sent[2].items()
                               if chunk not in share.taken and signatures.get(chunk) == signature}
        else:
            walk(False, report, fail, cut_short)  # the child failed: done here instead, to the same effect
        parts = [(resolved_here, share.taken), (resolved_there, taken_there)]
        missing = set(signatures) - share.taken - taken_there
        if missing:
            # The child's part, where it did not arrive.
            parts.append((_Recording(self.rules, lambda index, rule, route: index // _CHUNK in missing
                                     ).of(walk, True), missing))
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
        stopped: set[str] = set()
        matches = 0

        def on_match(rule: DeclarativeRule, place: _Place, route: Tokens, kind: str) -> None:
            nonlocal matches
            matches += 1
            if (log is not None and not log.takes(matches - 1, rule, route)) or rule.rule.id in stopped:
                return
            try:
                self._apply(rule, place, route, kind, document, following, resolver if following else None,
                            report, fail, references, limits)
            except _CutShort as where:
                stopped.add(rule.rule.id)
                if where.violation is not None:
                    cut_short(rule, where.violation)
                if log is not None:
                    log.stopped(rule)

        traversal = _Traversal(self._path_set(paths), programs, following, on_match)
        traversal.run(_Place(document.data, document, ""))

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


#: How many matches in a row of a shared walk one process takes at a time.
_CHUNK = 4


class _WalkOver(Exception):
    """The parent has finished the shared walk: the child's part ends here."""


class _Share:
    """A resolved walk made by two processes, each applying the rules to the matches it reaches first.

    Both walks meet the same matches in the same order. Matches are taken a chunk of :data:`_CHUNK`
    at a time: at the first match of a chunk, a process takes it if the other has not gone past it,
    as a counter in memory the two share says. The child starts later (it runs the rules on the
    document as written first) and catches up with the parent by skipping what the parent took;
    from there the one that is ahead takes the next chunk, so the work splits as it comes. When the
    parent reaches the end, the child stops at its next chunk.

    The counter decides who does the work, never what is reported: the parent keeps its own chunks
    and those of the child's whose matches are the ones it met itself (their signatures agree), and
    does again any other, so a chunk is applied, and reported, exactly once.
    """

    def __init__(self) -> None:
        # Anonymous memory mapped before the fork is shared with the child (MAP_SHARED): the first
        # chunk no process has reached, and whether the parent has finished.
        self._shared = memoryview(mmap.mmap(-1, mmap.PAGESIZE)).cast("q")
        self.taken: set[int] = set()
        #: A hash of the rules and routes of the matches of each chunk met.
        self._signatures: dict[int, int] = {}
        self._chunk = -1
        self._signature = 0
        self._mine = False

    def takes(self, index: int, rule: DeclarativeRule, route: Tokens) -> bool:
        """Whether this process applies ``rule`` to match ``index`` at ``route`` (called for every match, in order)."""
        chunk, place = divmod(index, _CHUNK)
        if place == 0:
            self._close()
            if self.over:
                raise _WalkOver
            if self._shared[0] <= chunk:
                self._shared[0] = chunk + 1
                self.taken.add(chunk)
            self._chunk, self._signature, self._mine = chunk, 0, chunk in self.taken
        # The same objects in both processes (a fork): ids and string hashes agree.
        self._signature = hash((self._signature, id(rule), route))
        return self._mine

    def _close(self) -> None:
        if self._chunk >= 0:
            self._signatures[self._chunk] = self._signature
            self._chunk = -1

    def finished(self) -> dict[int, int]:
        """The signatures of the chunks met, once this process's walk is over."""
        self._close()
        return self._signatures

    def end(self) -> None:
        """Tell the child that the parent has finished the walk."""
        self._shared[1] = 1

    @property
    def over(self) -> bool:
        """Whether the parent has finished the walk."""
        return bool(self._shared[1])


#: What a walk reported, in order: ("report" | "cut", rule number, violation, match), ("fail", rule
#: number, text, match), or ("stop", rule number, None, match) where the rule was stopped.
_Event = tuple[str, int, Any, int]


class _Recording:
    """What one walk reports, kept to be passed on later (from a child process, or after the other walk).

    ``takes(match, rule, route)`` says which matches of the walk it applies the rules to (all by default).
    """

    def __init__(self, rules: Sequence[DeclarativeRule],
                 takes: Callable[[int, DeclarativeRule, Tokens], bool] = lambda index, rule, route: True,
                 noticed: Callable[[Violation], None] = lambda violation: None) -> None:
        self._numbers = {id(rule): number for number, rule in enumerate(rules)}
        self._takes = takes
        self._noticed = noticed
        self._match = 0
        self.rules = rules
        self.events: list[_Event] = []

    def of(self, walk: Callable[[bool, Report, Failure, Report, _Recording], None], resolved: bool) -> _Recording:
        """The events of ``walk(resolved, ...)``."""
        numbers, events = self._numbers, self.events

        def reported(kind: str) -> Report:
            def record(rule: DeclarativeRule, violation: Violation) -> None:
                events.append((kind, numbers[id(rule)], violation, self._match))
                self._noticed(violation)
            return record

        walk(resolved, reported("report"), lambda rule, what: events.append(("fail", numbers[id(rule)], what,
                                                                              self._match)),
             reported("cut"), self)
        return self

    def takes(self, index: int, rule: DeclarativeRule, route: Tokens) -> bool:
        """Whether the walk applies ``rule`` to its match ``index``; what it reports is numbered so."""
        if self._takes(index, rule, route):
            self._match = index
            return True
        return False

    def stopped(self, rule: DeclarativeRule) -> None:
        """``rule`` is stopped at the current match, for the rest of the walk."""
        self.events.append(("stop", self._numbers[id(rule)], None, self._match))

    @classmethod
    def merged(cls, rules: Sequence[DeclarativeRule], parts: list[tuple[_Recording, set[int]]]) -> _Recording:
        """One recording of the walk from the recordings of parts of it, each kept for its chunks.

        In match order; a rule stopped at some match reports nothing after it, as in one walk,
        although the part that applied it to later matches did not know.
        """
        kept = sorted((event for part, chunks in parts for event in part.events if event[3] // _CHUNK in chunks),
                      key=lambda event: event[3])
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
