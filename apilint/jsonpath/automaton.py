"""Compiled paths as incremental matchers, so one depth-first walk can serve many paths.

A :class:`CompiledPath` is a small nondeterministic automaton over the keys met on the
way down from the root. A walker starts with ``initial(root)``, calls ``advance`` for
every child it enters, and learns from ``accepts`` whether that child is selected. An
empty state set means nothing below can match, so the walker stops offering that subtree
to the path. State sets are frozensets of ints: cheap to hash, compare and memoise.

How the segments map onto states:

* ``.name``, ``[*]``, ``[1:3]``, ``[a,b]``, ``[?(...)]`` are one step each, taken when a
  child's key (and, for filters and negative slices, its value or its parent) fits;
* ``..x`` is a looping step (any number of levels down) followed by the step for ``x``;
* ``^`` splits the path into stages. ``A^B`` selects a node when one of its children is
  selected by ``A``; instead of climbing back up, the node's own ``A`` states are run one
  level further on its children (a bounded look-ahead, ``k`` levels for ``k`` carets), and
  when that succeeds the node enters the first state of ``B``;
* ``~`` changes nothing in the automaton: the path's :attr:`~CompiledPath.kind` tells the
  walker to report the key of an accepted node rather than its value.

Transitions that depend only on the key are cached per state set, so the common case is
two dictionary lookups.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Final, Literal

from apilint.jsonpath.evaluation import FilterTest, compile_filter, required_members
from apilint.jsonpath.filters import Binary, Constant, Variable, variables_used
from apilint.jsonpath.syntax import (
    Child,
    Descendant,
    Filter,
    Name,
    Parent,
    PropertyName,
    Segment,
    Selector,
    Slice,
    Wildcard,
    parse_path,
)
from apilint.jsonpath.trail import Key, Trail

__all__ = ["EMPTY", "CompiledPath", "MatchKind", "StateSet", "children"]

StateSet = frozenset[int]
#: What a selected node stands for: its value, or (for paths ending in ``~``) its key.
MatchKind = Literal["value", "key"]
EMPTY: Final[StateSet] = frozenset()

_DESCEND: Final = 0
_CHILD: Final = 1
_END: Final = 2

# Member names and array positions: the only children some steps can take.
_Names = tuple[frozenset[str], frozenset[int]]

# A cached transition table stops growing here; later keys are still answered, just not stored.
_TABLE_LIMIT: Final = 8192
#: The same for a path's table of transitions by state set and key (see ``CompiledPath._quick_entry``).
_QUICK_LIMIT: Final = 65536

_LOCATION_VARIABLES: Final = frozenset({"parent", "parentProperty", "path"})


def children(node: Any) -> Iterator[tuple[Key, Any]]:
    """The ``(key, value)`` pairs under a node, in document order; none for scalars."""
    if isinstance(node, dict):
        return iter(node.items())
    if isinstance(node, list):
        return enumerate(node)
    return iter(())


def reach_by_key(key_states: tuple[int, ...], key: Key, kinds: tuple[int, ...], loop: tuple[StateSet, ...],
                 following: tuple[StateSet, ...], matchers: tuple[_Matcher | None, ...]) -> set[int]:
    """The states that ``key`` leads to from ``key_states``, whose steps depend on the key alone.

    Shared by single paths and path sets, which lay out their states in the same tables.
    """
    reached: set[int] = set()
    for state in key_states:
        if kinds[state] == _DESCEND:
            reached |= loop[state]
        else:
            matcher = matchers[state]
            assert matcher is not None
            if matcher.test(key, None, None, None):
                reached |= following[state]
    return reached


def _as_name(selector: Selector) -> Selector:
    """A filter that only compares the key with a string (``?(@property === '$ref')``), as that name.

    A name is answered from the transition table and tells the look-ahead of a caret path which
    children can lead anywhere, where a filter is evaluated at every node. A string that spells
    an array position stays a filter: the name would select that position too.
    """
    if isinstance(selector, Filter) and isinstance(expression := selector.expression, Binary) \
            and expression.operator == "===":
        for variable, constant in ((expression.left, expression.right), (expression.right, expression.left)):
            if isinstance(variable, Variable) and variable.name == "property" and isinstance(constant, Constant) \
                    and isinstance(constant.value, str) and not _spells_position(constant.value):
                return Name(constant.value)
    return selector


def _spells_position(name: str) -> bool:
    return name.lstrip("-").isdigit() and name.isascii() and str(int(name)) == name


def plan_guard(matchers: Iterable[_Matcher]) -> frozenset[str] | None:
    """Names of which a child must have one for any of these value-dependent steps to take it, or
    None when some step may take a child without them.

    Filters under ``..`` are tried on every node, and nearly all of them need the node to be an
    object with some member (``@.enum``, ``@.schema``); one set test answers for all of them at the
    scalars, arrays and objects (most nodes) that have none of those members.
    """
    names: set[str] = set()
    for matcher in matchers:
        if matcher.guard is None:
            return None
        names |= matcher.guard
    return frozenset(names)


class _Matcher:
    """The test of one child step: does a child with this key (and value) qualify?"""

    __slots__ = ("check", "dynamic_slices", "filters", "guard", "indices", "key_only", "key_slices", "names",
                 "wildcard")

    def __init__(self, selectors: tuple[Selector, ...]) -> None:
        selectors = tuple(_as_name(selector) for selector in selectors)
        self.names: frozenset[str] = frozenset(s.name for s in selectors if isinstance(s, Name))
        # A name that spells an integer also names that position of an array.
        self.indices: frozenset[int] = frozenset(int(n) for n in self.names if _spells_position(n))
        self.wildcard = any(isinstance(s, Wildcard) for s in selectors)
        slices = [s for s in selectors if isinstance(s, Slice)]
        self.key_slices = tuple(s for s in slices if _slice_needs_no_length(s))
        self.dynamic_slices = tuple(s for s in slices if not _slice_needs_no_length(s))
        self.filters: tuple[FilterTest, ...] = tuple(
            compile_filter(s.expression) for s in selectors if isinstance(s, Filter)
        )
        self.key_only = not self.dynamic_slices and not self.filters
        # Names of which a child must have one for this step to take it, when the step is made of
        # filters that all need members (``?(@ && @.enum ...)``): see ``plan_guard``.
        needs = [required_members(s.expression) for s in selectors if isinstance(s, Filter)]
        only_filters = not (self.wildcard or self.names or slices)
        self.guard: frozenset[str] | None = (
            frozenset().union(*(groups[0] for groups in needs)) if only_filters and needs and all(needs) else None
        )
        # The test to run per child: a lone filter is called directly, saving a call per node.
        self.check: FilterTest = (
            self.filters[0] if len(self.filters) == 1 and len(selectors) == 1 else self.test
        )

    def only_names(self) -> bool:
        return not (self.wildcard or self.key_slices or self.dynamic_slices or self.filters)

    def test(self, key: Key, value: Any, parent: Any, trail: Trail | None) -> bool:
        if self.wildcard:
            return True
        if isinstance(key, str):
            if key in self.names:
                return True
        else:
            if key in self.indices:
                return True
            for piece in self.key_slices:
                start = piece.start or 0
                if key >= start and (piece.stop is None or key < piece.stop) and (key - start) % (piece.step or 1) == 0:
                    return True
            if self.dynamic_slices and isinstance(parent, list):
                size = len(parent)
                for piece in self.dynamic_slices:
                    if key in range(*slice(piece.start, piece.stop, piece.step).indices(size)):
                        return True
        return any(test(key, value, parent, trail) for test in self.filters)


class _Plan:
    """How one state set moves to a child: cached per key where only the key matters, tested per child otherwise."""

    __slots__ = ("dynamic", "guard", "key_states", "table")

    def __init__(self, key_states: tuple[int, ...], dynamic: tuple[tuple[int, FilterTest], ...],
                 guard: frozenset[str] | None) -> None:
        self.key_states = key_states
        self.dynamic = dynamic
        #: See :func:`plan_guard`; an empty set when there are no value-dependent steps.
        self.guard = guard
        self.table: dict[Key, tuple[StateSet, int]] = {}


def _slice_needs_no_length(piece: Slice) -> bool:
    return (piece.start or 0) >= 0 and (piece.stop is None or piece.stop >= 0) and (piece.step or 1) > 0


def _stages(segments: tuple[Segment, ...]) -> tuple[list[list[tuple[Selector, ...] | None]], list[int]]:
    """Split segments at carets: each stage is a list of steps (``None`` = descend), plus the caret counts."""
    stages: list[list[tuple[Selector, ...] | None]] = [[]]
    carets: list[int] = []
    previous: Segment | None = None
    for segment in segments:
        if isinstance(segment, Child):
            stages[-1].append(segment.selectors)
        elif isinstance(segment, Descendant):
            stages[-1].extend((None, segment.selectors))
        elif isinstance(segment, Parent):
            if isinstance(previous, Parent):
                carets[-1] += 1
            else:
                carets.append(1)
                stages.append([])
        previous = segment
    return stages, carets


class CompiledPath:
    """A path compiled once, to be run incrementally by a walker (or by :func:`~apilint.jsonpath.select`).

    ``kind`` is ``"key"`` for paths ending in ``~`` (report the accepted node's key) and
    ``"value"`` otherwise. ``needs_trail`` says whether ``advance`` must be given the
    walker's :class:`~apilint.jsonpath.trail.Trail` (filters reading ``@root``,
    ``@parent``, ``@parentProperty`` or ``@path``). ``location_sensitive`` says whether
    the states below a node depend on more than the node and its own state set (filters
    reading ``@parent``, ``@parentProperty`` or ``@path``); a walker that memoises shared
    subtrees by ``(node, states)`` must not do so for such paths.
    """

    __slots__ = (
        "_accepted", "_carets", "_ends", "_final", "_first_live", "_initial", "_interned", "_joins", "_kinds",
        "_last_stage",
        "_live", "_lookouts", "_loop", "_matchers", "_next", "_next_stage", "_plans", "_quick", "_stage_of",
        "_useful", "_within",
        "kind", "location_sensitive", "needs_trail", "segments", "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        self.segments = parse_path(text)
        self.kind: MatchKind = "key" if self.segments and isinstance(self.segments[-1], PropertyName) else "value"
        self._accepted: tuple[MatchKind, ...] = (self.kind,)
        used: set[str] = set()
        for segment in self.segments:
            if isinstance(segment, Child | Descendant):
                for selector in segment.selectors:
                    if isinstance(selector, Filter):
                        used |= variables_used(selector.expression)
        self.location_sensitive = bool(used & _LOCATION_VARIABLES)
        self.needs_trail = self.location_sensitive or "root" in used
        self._build(*_stages(self.segments))
        self._plans: dict[StateSet, _Plan] = {}
        self._joins: dict[tuple[StateSet, int], tuple[StateSet, int]] = {}
        self._first_live: dict[StateSet, int] = {}
        self._interned: dict[StateSet, StateSet] = {}
        self._useful: dict[tuple[StateSet, int], _Names | None] = {}
        self._lookouts: dict[StateSet, tuple[tuple[StateSet, _Names | None], ...]] = {}
        self._quick: dict[tuple[StateSet, Key], tuple[frozenset[str] | None, StateSet, StateSet]] = {}

    def __repr__(self) -> str:
        return f"CompiledPath({self.text!r})"

    def _build(self, stages: list[list[tuple[Selector, ...] | None]], carets: list[int]) -> None:
        kinds: list[int] = []
        matchers: list[_Matcher | None] = []
        stage_of: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        for index, steps in enumerate(stages):
            starts.append(len(kinds))
            for step in steps:
                kinds.append(_DESCEND if step is None else _CHILD)
                matchers.append(None if step is None else _Matcher(step))
                stage_of.append(index)
            ends.append(len(kinds))
            kinds.append(_END)
            matchers.append(None)
            stage_of.append(index)
        closure: list[StateSet] = [EMPTY] * len(kinds)
        steps_left: list[int] = [0] * len(kinds)
        for state in reversed(range(len(kinds))):
            closure[state] = frozenset({state}) | (closure[state + 1] if kinds[state] == _DESCEND else EMPTY)
            if kinds[state] != _END:
                steps_left[state] = steps_left[state + 1] + (kinds[state] == _CHILD)
        self._kinds = tuple(kinds)
        self._matchers = tuple(matchers)
        self._stage_of = tuple(stage_of)
        # What a state leads to on a child: a descend state loops, a child step moves on.
        self._loop = tuple(closure[s] if kinds[s] == _DESCEND else EMPTY for s in range(len(kinds)))
        self._next = tuple(closure[s + 1] if kinds[s] == _CHILD else EMPTY for s in range(len(kinds)))
        self._final = ends[-1]
        self._last_stage = len(stages) - 1
        self._ends = tuple(ends)
        self._carets = tuple(carets)
        self._live = tuple(frozenset(range(starts[i], ends[i])) for i in range(len(stages)))
        # For each stage but the last, and each number r of levels still to look down: the states
        # that can still complete the stage within r levels (the look-ahead drops the others).
        self._within = tuple(
            tuple(frozenset(s for s in self._live[i] if steps_left[s] <= r) for r in range(carets[i] + 1))
            for i in range(len(stages) - 1)
        )
        self._next_stage = tuple(closure[starts[i + 1]] for i in range(len(stages) - 1))
        self._initial = closure[0]

    # The walker's interface.

    def initial(self, root: Any) -> StateSet:
        """The states of the document root (which may already be accepted, as for ``$``)."""
        states = self._intern(self._initial)
        first = self._first_live_stage(states)
        if first < 0:
            return states
        return self._cross(states, first, root, Trail(root) if self.needs_trail else None)

    def advance(self, states: StateSet, key: Key, value: Any, parent: Any, trail: Trail | None = None) -> StateSet:
        """The states of ``value``, the child ``key`` of ``parent``, whose states are ``states``.

        ``trail`` must stand at ``parent`` (its last value) when :attr:`needs_trail` is set.
        An empty result means neither this child nor anything below it can be selected.
        """
        quick = self._quick.get((states, key))
        if quick is not None:
            names, plain, crossed = quick
            if names is not None and isinstance(value, dict) and not value.keys().isdisjoint(names):
                return crossed
            return plain
        if trail is None and self.needs_trail:
            raise TypeError(f"the path {self.text!r} reads @root, @parent or @path: pass the walker's Trail")
        reached, first = self._step(states, key, value, parent, trail)
        if not self._plans[states].dynamic and len(self._quick) < _QUICK_LIMIT:
            entry = self._quick_entry(reached, first)
            if entry is not None:
                self._quick[(states, key)] = entry
        if first < 0:
            return reached
        if trail is None or not self.needs_trail:
            return self._cross(reached, first, value, None)
        trail.push(key, value)
        try:
            return self._cross(reached, first, value, trail)
        finally:
            trail.pop()

    def _quick_entry(self, reached: StateSet, first: int) -> tuple[frozenset[str] | None, StateSet, StateSet] | None:
        """For a step the key alone decides, what crossing the caret that follows it can give.

        ``(names, plain, crossed)``: a child that has a member in ``names`` gets ``crossed``, any
        other ``plain``. Most caret paths look one level down for a name (``..[?(@property ===
        '$ref')]^``), and then this is all ``advance`` has to work out at each node. None when
        crossing depends on more (a deeper look-ahead, positions, another stage after it).
        """
        if first < 0:
            return None, reached, reached
        if self.needs_trail or first != self._last_stage - 1 or self._carets[first] != 1:
            return None
        live, names = (self._lookouts.get(reached) or self._lookouts_for(reached))[first]
        if not live:
            return None, reached, reached
        if names is None or names[1]:
            return None
        return names[0], reached, self._intern(reached | self._next_stage[first])

    def accepts(self, states: StateSet) -> tuple[MatchKind, ...]:
        """How the node with these states is selected: ``()`` if it is not, else ``(kind,)``.

        The result is truthy exactly when the node is selected, so it reads as a test too.
        """
        return self._accepted if self._final in states else ()

    def is_dead(self, states: StateSet) -> bool:
        """True when neither the node with these states nor anything below it can be selected."""
        return not states

    # Transitions.

    def _intern(self, states: StateSet) -> StateSet:
        return self._interned.setdefault(states, states)

    def _plan_for(self, states: StateSet) -> _Plan:
        key_states: list[int] = []
        dynamic: list[tuple[int, FilterTest]] = []
        value_steps: list[_Matcher] = []
        for state in sorted(states):
            matcher = self._matchers[state]
            if matcher is not None and not matcher.key_only:
                dynamic.append((state, matcher.check))
                value_steps.append(matcher)
            elif self._kinds[state] != _END:
                key_states.append(state)
        plan = _Plan(tuple(key_states), tuple(dynamic), plan_guard(value_steps))
        self._plans[states] = plan
        return plan

    def _key_step(self, plan: _Plan, key: Key) -> tuple[StateSet, int]:
        """Where the states whose steps look only at keys lead for ``key`` (cached in the plan)."""
        reached = reach_by_key(plan.key_states, key, self._kinds, self._loop, self._next, self._matchers)
        entry = self._entry(self._intern(frozenset(reached)) if reached else EMPTY)
        if len(plan.table) < _TABLE_LIMIT:
            plan.table[key] = entry
        return entry

    def _join(self, reached: StateSet, state: int) -> tuple[StateSet, int]:
        """``reached`` plus where ``state`` leads, after its value-dependent step succeeded."""
        entry = self._joins.get((reached, state))
        if entry is None:
            entry = self._entry(self._intern(reached | self._next[state]))
            self._joins[(reached, state)] = entry
        return entry

    def _entry(self, reached: StateSet) -> tuple[StateSet, int]:
        return reached, self._first_live_stage(reached)

    def _first_live_stage(self, states: StateSet) -> int:
        """The first stage, other than the last, that still has work in ``states`` (-1 if none)."""
        first = self._first_live.get(states)
        if first is None:
            first = min((self._stage_of[s] for s in states if self._stage_of[s] < self._last_stage
                         and self._kinds[s] != _END), default=-1)
            self._first_live[states] = first
        return first

    def _step(self, states: StateSet, key: Key, value: Any, parent: Any,
              trail: Trail | None) -> tuple[StateSet, int]:
        """One transition without crossing any caret: the states reached, and the first live stage."""
        plan = self._plans.get(states)
        if plan is None:
            plan = self._plan_for(states)
        entry = plan.table.get(key)
        if entry is None:
            entry = self._key_step(plan, key)
        guard = plan.guard
        if guard is None or (isinstance(value, dict) and not value.keys().isdisjoint(guard)):
            for state, check in plan.dynamic:
                if check(key, value, parent, trail):
                    entry = self._join(entry[0], state)
        return entry

    def _static(self, states: StateSet, key: Key, value: Any, parent: Any, trail: Trail | None) -> StateSet:
        """A transition without crossing any caret (what the look-ahead runs on)."""
        return self._step(states, key, value, parent, trail)[0]

    # Carets.

    def _cross(self, states: StateSet, first: int, node: Any, trail: Trail | None) -> StateSet:
        """Add the next stage's start wherever ``node`` has a child (grandchild ...) that completes a stage."""
        current = states
        looks = self._lookouts.get(current) or self._lookouts_for(current)
        for stage in range(first, self._last_stage):
            live, names = looks[stage]
            if not live:
                continue
            if names is not None:
                # Only named children can lead anywhere: most nodes are ruled out by a set lookup.
                member_names, positions = names
                if isinstance(node, dict):
                    found = not member_names.isdisjoint(node)
                else:
                    found = isinstance(node, list) and any(0 <= p < len(node) for p in positions)
                if found and self._carets[stage] > 1:
                    found = self._looks_ahead(live, stage, node, trail)
            else:
                found = self._looks_ahead(live, stage, node, trail)
            if found:
                current = self._intern(current | self._next_stage[stage])
                looks = self._lookouts.get(current) or self._lookouts_for(current)
        return current

    def _lookouts_for(self, states: StateSet) -> tuple[tuple[StateSet, _Names | None], ...]:
        """Per stage: the states that can complete it in time, and the only children that can lead there."""
        looks = []
        for stage in range(self._last_stage):
            live = self._intern(states & self._within[stage][self._carets[stage]])
            names = self._useful_names(live, stage, self._carets[stage] - 1) if live else None
            looks.append((live, names))
        result = tuple(looks)
        self._lookouts[states] = result
        return result

    def _looks_ahead(self, live: StateSet, stage: int, node: Any, trail: Trail | None) -> bool:
        """Whether some descendant exactly ``carets`` levels below ``node`` completes ``stage``."""
        wanted = self._carets[stage]
        end = self._ends[stage]
        within = self._within[stage]
        stack: list[tuple[Iterator[tuple[Key, Any]], StateSet, Any]] = [
            (self._candidates(node, live, stage, wanted - 1), live, node),
        ]
        try:
            while stack:
                iterator, states, parent = stack[-1]
                item = next(iterator, None)
                if item is None:
                    stack.pop()
                    if trail is not None and stack:
                        trail.pop()
                    continue
                key, value = item
                reached = self._static(states, key, value, parent, trail)
                remaining = wanted - len(stack)
                if remaining == 0:
                    if end in reached:
                        return True
                    continue
                reached = reached & within[remaining]
                if reached and isinstance(value, dict | list):
                    if trail is not None:
                        trail.push(key, value)
                    reached = self._intern(reached)
                    stack.append((self._candidates(value, reached, stage, remaining - 1), reached, value))
            return False
        finally:
            if trail is not None:
                for _ in range(len(stack) - 1):
                    trail.pop()

    def _candidates(self, node: Any, states: StateSet, stage: int, remaining: int) -> Iterator[tuple[Key, Any]]:
        """The children of ``node`` worth trying: only the named ones when only names can lead on."""
        names = self._useful_names(states, stage, remaining)
        if names is None:
            return children(node)
        member_names, positions = names
        if isinstance(node, dict):
            return iter([(name, node[name]) for name in member_names if name in node])
        if isinstance(node, list):
            return iter([(position, node[position]) for position in positions if 0 <= position < len(node)])
        return iter(())

    def _useful_names(self, states: StateSet, stage: int, remaining: int) -> _Names | None:
        """The names of the children through which ``states`` can still finish ``stage`` in time.

        None when some step that matters takes any key (a wildcard, slice, filter or ``..``).
        """
        cache_key = (states, remaining)
        if cache_key in self._useful:
            return self._useful[cache_key]
        useful = self._within[stage][remaining] if remaining else frozenset({self._ends[stage]})
        names: set[str] = set()
        positions: set[int] = set()
        result: _Names | None = None
        for state in states:
            if self._loop[state] & useful:
                break
            matcher = self._matchers[state]
            if matcher is None or not self._next[state] & useful:
                continue
            if not matcher.only_names():
                break
            names |= matcher.names
            positions |= matcher.indices
        else:
            result = (frozenset(names), frozenset(positions))
        self._useful[cache_key] = result
        return result
