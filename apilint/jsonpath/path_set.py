"""Many compiled paths run as one automaton, so a walk's cost per node follows the automaton, not the path count.

A :class:`CompiledPathSet` numbers the states of every path it holds one after the other
(each path's states shifted by an offset), so a state set of the whole set is again a
frozenset of ints. Walking it is the same protocol as walking one
:class:`~apilint.jsonpath.automaton.CompiledPath`: ``initial``, ``advance``, ``accepts``.

Per combined state set, the set keeps a plan: the states whose steps look only at the key
(names, wildcards, positive slices, ``..``) are answered together from one table per key,
so however many paths are alive, such a step costs one dictionary lookup. Steps that look
at the value (filters, negative slices) are tested one by one, but only for the states
actually reached. Paths with carets (``^``) need a look-ahead below the node; they are not
merged into the table but advanced by their own automaton, and their states are carried in
the combined set under their offset like the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from apilint.jsonpath.automaton import (
    _END,
    _TABLE_LIMIT,
    EMPTY,
    CompiledPath,
    MatchKind,
    StateSet,
    _Matcher,
    plan_guard,
    reach_by_key,
)
from apilint.jsonpath.evaluation import FilterTest
from apilint.jsonpath.trail import Key, Trail

__all__ = ["CompiledPathSet", "SetPlan"]

#: A selecting path's position in the set, and what its selected node stands for.
Acceptance = tuple[int, MatchKind]


class SetPlan:
    """How one combined state set moves to a child (the counterpart of a single path's plan)."""

    __slots__ = ("dynamic", "guard", "key_only", "key_states", "settles_scalars", "staged", "table")

    def __init__(self, key_states: tuple[int, ...], dynamic: tuple[tuple[int, FilterTest], ...],
                 staged: tuple[tuple[int, StateSet], ...], guard: frozenset[str] | None) -> None:
        self.key_states = key_states
        self.dynamic = dynamic
        #: See :func:`~apilint.jsonpath.automaton.plan_guard`; an empty set when ``dynamic`` is empty.
        self.guard = guard
        # Caret paths still alive: their number in the set and their own (unshifted) states.
        self.staged = staged
        #: Whether the key alone says where every state leads (no filter, no caret path alive).
        self.key_only = not dynamic and not staged
        #: Whether :attr:`table` is the whole step for every child that is not a container.
        self.settles_scalars = self.key_only or (guard is not None and not staged)
        #: By key: the states the key-only steps reach, and what those states select.
        self.table: dict[Key, tuple[StateSet, tuple[Acceptance, ...]]] = {}

    def settled_by_key(self, value: Any) -> bool:
        """Whether the key's entry in :attr:`table` is the whole step for a child holding ``value``:
        no step looks at the value, or none can take this one (see ``plan_guard``)."""
        if self.key_only:
            return True
        guard = self.guard
        return guard is not None and not self.staged and not (
            isinstance(value, dict) and not value.keys().isdisjoint(guard))


class CompiledPathSet:
    """Several paths walked together, as one automaton.

    ``paths[i]`` is the i-th path given; :meth:`accepts` names selecting paths by that
    index. ``needs_trail`` says whether :meth:`advance` must be given the walker's
    :class:`~apilint.jsonpath.trail.Trail` (some path reads ``@root``, ``@parent``,
    ``@parentProperty`` or ``@path``).
    """

    __slots__ = (
        "_accepts", "_check", "_finals", "_interned", "_joins", "_kinds", "_loop", "_matchers", "_memo_safe",
        "_next", "_offsets", "_owner", "_plans", "_sensitive", "_shifted", "_staged", "_staged_joins", "needs_trail",
        "paths",
    )

    def __init__(self, paths: Iterable[CompiledPath | str]) -> None:
        self.paths: tuple[CompiledPath, ...] = tuple(
            path if isinstance(path, CompiledPath) else CompiledPath(path) for path in paths
        )
        self.needs_trail = any(path.needs_trail for path in self.paths)
        offsets: list[int] = []
        kinds: list[int] = []
        owner: list[int] = []
        matchers: list[_Matcher | None] = []
        loop: list[StateSet] = []
        following: list[StateSet] = []
        finals: list[tuple[int, int, MatchKind]] = []
        staged: list[bool] = []
        for number, path in enumerate(self.paths):
            offset = len(kinds)
            offsets.append(offset)
            # The set reuses each path's own tables, only shifting its state numbers.
            kinds.extend(path._kinds)
            matchers.extend(path._matchers)
            loop.extend(_shift(states, offset) for states in path._loop)
            following.extend(_shift(states, offset) for states in path._next)
            owner.extend([number] * len(path._kinds))
            finals.append((offset + path._final, number, path.kind))
            staged.append(path._last_stage > 0)
        self._offsets = tuple(offsets)
        self._kinds = tuple(kinds)
        self._owner = tuple(owner)
        self._matchers = tuple(matchers)
        self._loop = tuple(loop)
        self._next = tuple(following)
        self._finals = tuple(finals)
        self._staged = tuple(staged)
        self._sensitive = tuple(path.location_sensitive for path in self.paths)
        self._check: tuple[FilterTest | None, ...] = tuple(
            None if matcher is None or matcher.key_only else matcher.check for matcher in matchers
        )
        self._plans: dict[StateSet, SetPlan] = {}
        self._joins: dict[tuple[StateSet, int], StateSet] = {}
        self._staged_joins: dict[tuple[StateSet, int, StateSet], StateSet] = {}
        self._interned: dict[StateSet, StateSet] = {}
        self._shifted: dict[tuple[int, StateSet], StateSet] = {}
        self._accepts: dict[StateSet, tuple[Acceptance, ...]] = {}
        self._memo_safe: dict[StateSet, bool] = {}

    def __repr__(self) -> str:
        return f"CompiledPathSet({[path.text for path in self.paths]!r})"

    def __len__(self) -> int:
        return len(self.paths)

    # The walker's interface.

    def initial(self, root: Any) -> StateSet:
        """The combined states of the document root."""
        reached: set[int] = set()
        for number, path in enumerate(self.paths):
            reached |= self._shift_from(number, path.initial(root))
        return self._intern(frozenset(reached))

    def advance(self, states: StateSet, key: Key, value: Any, parent: Any, trail: Trail | None = None) -> StateSet:
        """The combined states of ``value``, the child ``key`` of ``parent``, whose combined states are ``states``.

        ``trail`` must stand at ``parent`` when :attr:`needs_trail` is set. An empty result
        means no path can select this child or anything below it.
        """
        if trail is None and self.needs_trail:
            raise TypeError("some path reads @root, @parent or @path: pass the walker's Trail")
        plan = self._plans.get(states)
        if plan is None:
            plan = self._plan_for(states)
        entry = plan.table.get(key)
        reached = (entry if entry is not None else self.key_step(plan, key))[0]
        guard = plan.guard
        if guard is None or (isinstance(value, dict) and not value.keys().isdisjoint(guard)):
            for state, check in plan.dynamic:
                if check(key, value, parent, trail):
                    reached = self._join(reached, state)
        for number, own in plan.staged:
            result = self.paths[number].advance(own, key, value, parent, trail)
            if result:
                joined = self._staged_joins.get((reached, number, result))
                if joined is None:
                    joined = self._staged_joins[(reached, number, result)] = self._intern(
                        reached | self._shift_from(number, result))
                reached = joined
        return reached

    def plan(self, states: StateSet) -> SetPlan:
        """How the children of a node with these states are stepped to (for walkers that look up
        :attr:`SetPlan.table` themselves, and call :meth:`advance` only where it is not enough)."""
        plan = self._plans.get(states)
        return plan if plan is not None else self._plan_for(states)

    def key_step(self, plan: SetPlan, key: Key) -> tuple[StateSet, tuple[Acceptance, ...]]:
        """``plan.table[key]``, worked out (and kept, up to a limit) when it is not there yet."""
        reached = reach_by_key(plan.key_states, key, self._kinds, self._loop, self._next, self._matchers)
        result = self._intern(frozenset(reached)) if reached else EMPTY
        entry = (result, self.accepts(result))
        if len(plan.table) < _TABLE_LIMIT:
            plan.table[key] = entry
        return entry

    def accepts(self, states: StateSet) -> tuple[Acceptance, ...]:
        """The paths that select the node with these states, as ``(index, kind)`` in path order."""
        found = self._accepts.get(states)
        if found is None:
            found = tuple((number, kind) for final, number, kind in self._finals if final in states)
            self._accepts[states] = found
        return found

    def is_dead(self, states: StateSet) -> bool:
        """True when no path can select the node with these states or anything below it."""
        return not states

    def memo_safe(self, states: StateSet) -> bool:
        """Whether a walker may skip a node met again with these states (see ``location_sensitive``).

        False as soon as one path alive here has filters reading where the node is, since
        its states below would depend on more than the node and these states.
        """
        safe = self._memo_safe.get(states)
        if safe is None:
            safe = not any(self._sensitive[self._owner[state]] for state in states)
            self._memo_safe[states] = safe
        return safe

    # Transitions.

    def _intern(self, states: StateSet) -> StateSet:
        return self._interned.setdefault(states, states)

    def _shift_from(self, number: int, states: StateSet) -> StateSet:
        """A path's own states as states of the set."""
        shifted = self._shifted.get((number, states))
        if shifted is None:
            shifted = self._shifted[(number, states)] = _shift(states, self._offsets[number])
        return shifted

    def _plan_for(self, states: StateSet) -> SetPlan:
        key_states: list[int] = []
        dynamic: list[tuple[int, FilterTest]] = []
        value_steps: list[_Matcher] = []
        staged: dict[int, set[int]] = {}
        for state in sorted(states):
            number = self._owner[state]
            if self._staged[number]:
                staged.setdefault(number, set()).add(state - self._offsets[number])
                continue
            check = self._check[state]
            if check is not None:
                dynamic.append((state, check))
                matcher = self._matchers[state]
                assert matcher is not None
                value_steps.append(matcher)
            elif self._kinds[state] != _END:
                key_states.append(state)
        plan = SetPlan(tuple(key_states), tuple(dynamic),
                        tuple((number, frozenset(own)) for number, own in staged.items()), plan_guard(value_steps))
        self._plans[states] = plan
        return plan

    def _join(self, reached: StateSet, state: int) -> StateSet:
        """``reached`` plus where ``state`` leads, after its value-dependent step succeeded."""
        joined = self._joins.get((reached, state))
        if joined is None:
            joined = self._joins[(reached, state)] = self._intern(reached | self._next[state])
        return joined


def _shift(states: StateSet, offset: int) -> StateSet:
    return frozenset(state + offset for state in states) if offset and states else states

