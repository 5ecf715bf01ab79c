"""Functions that declarative rules name in ``then.function``.

A declarative rule (the Spectral ruleset format) selects nodes with ``given`` and hands
each selected value to a function. Functions are plugins' business: they are registered
through ``apilint_register_functions``, Spectral's core functions by apilint's own plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apilint.document import Document

__all__ = ["MAX_WALKED_NODES", "UNDEFINED", "FunctionContext", "FunctionResult", "RuleFunction", "larger_than"]


class _Undefined:
    """The value of a field that is not there, which is not the same as JSON ``null``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"

    def __bool__(self) -> bool:
        return False


#: What a function receives for a ``field`` the selected node does not have.
UNDEFINED: Any = _Undefined()

#: The most nodes a function should walk in one value, counting a container that YAML aliases
#: repeat once for every place it appears (see :func:`larger_than`).
MAX_WALKED_NODES = 1_000_000


def larger_than(value: Any, limit: int = MAX_WALKED_NODES) -> bool:
    """Whether ``value`` holds more than ``limit`` nodes, counting a shared container at every place.

    A YAML alias shares its anchor's container instead of copying it, so a file of a few hundred
    bytes can hold a value that, walked, has hundreds of millions of nodes (an "alias bomb"), or
    that contains itself. A function that walks a whole value (validating it against a schema,
    say) asks this first. The count stops at ``limit``, so asking costs at most that many steps.
    """
    count = 0
    pending = [value]
    while pending:
        current = pending.pop()
        count += 1
        if count > limit:
            return True
        if isinstance(current, dict):
            pending.extend(current.values())
        elif isinstance(current, list):
            pending.extend(current)
    return False


#: A path into the document as a sequence of keys and list indexes.
PathTokens = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class FunctionResult:
    """One problem a function found. ``path`` is relative to the value the function was given.

    ``message`` says what is wrong as a predicate about the value ("must be camelCase",
    "is missing"): findings put the name of the property in front of it. With ``sentence``
    set, the message is a whole sentence that names what it is about, and is used as it is.
    """

    message: str
    path: PathTokens = ()
    sentence: bool = False


# Not frozen, and compared by identity: one is made for every value a function is given, and a
# frozen dataclass takes four times as long to make. Each call gets a context of its own.
@dataclass(slots=True, eq=False)
class FunctionContext:
    """What a function may know beyond the value and its options.

    ``path`` is where the value is, as a route from the document root (through ``$ref``s,
    for rules that run on the resolved document). ``document`` is the root document being
    linted; ``references`` returns every reference target reachable from it, as
    ``(document uri, JSON pointer)`` pairs (what ``unreferencedReusableObject`` needs).
    ``rule_id`` names the rule being run, for messages. ``resolve(uri, ref)`` gives the
    document uri and the node that ``ref``, written in the document at ``uri``, points to, or
    None when it does not resolve (resolved rules get values with their references resolved
    already; this is for the ones left as references, which lead back into their own ancestors).
    """

    path: PathTokens
    document: Document
    rule_id: str
    spec_format: str | None
    references: Callable[[], frozenset[tuple[str, str]]] = field(default=lambda: frozenset())
    resolve: Callable[[str, str], tuple[str, Any] | None] = field(default=lambda uri, ref: None)


#: The signature of a function's check: (value, options, context) -> problems.
FunctionCheck = Callable[[Any, Mapping[str, Any], FunctionContext], Iterable[FunctionResult]]


@dataclass(frozen=True, slots=True)
class RuleFunction:
    """A named function for declarative rules.

    ``options_schema`` is a JSON Schema (draft 2020-12) for ``functionOptions``; a ruleset
    whose options do not match is refused when it is loaded, naming the rule, its file
    and line. None means the function takes no options. ``validate_options`` checks what a
    schema cannot (that a pattern compiles, that an embedded schema is valid): it is called
    with options that passed the schema and returns the problems, each refusing the ruleset.

    What ``check`` yields must depend only on its arguments: the calls for a large document are
    shared between two processes, so a call may not see what an earlier one kept or changed.
    """

    name: str
    check: FunctionCheck
    description: str
    options_schema: Mapping[str, Any] | None = None
    validate_options: Callable[[Mapping[str, Any]], Iterable[str]] | None = None
