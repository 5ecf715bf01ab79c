"""Evaluation of filter expressions with JavaScript's semantics, as closures built once per filter.

The tree from :mod:`apilint.jsonpath.filters` becomes nested Python closures, so a node is
tested without re-reading the tree. Nothing here reaches Python attributes of the data:
values are read only as mapping members, list items and string characters
(:func:`~apilint.jsonpath.jsvalues.get_member`). ``a in b`` follows nimma, which Spectral
runs first: membership when ``b`` is an array, a substring test when it is a string, and
for an object a test for the key, as JavaScript does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, TypeAlias

from apilint.js_regex import JsRegexError, PatternTimeout, from_code_units, to_code_units
from apilint.jsonpath.filters import (
    ArrayLiteral,
    Binary,
    ComputedMember,
    Constant,
    ConstructorName,
    Current,
    Expr,
    Logical,
    Member,
    MethodCall,
    RegexLiteral,
    Unary,
    Variable,
    calls_method,
    compile_filter_regex,
)
from apilint.jsonpath.jsvalues import (
    UNDEFINED,
    EvaluationFailure,
    JsRegExp,
    constructor_name,
    get_member,
    is_less_than,
    is_plain_member,
    loosely_equal,
    same_value_zero,
    strictly_equal,
    to_number,
    to_property_key,
    to_string,
    truthy,
    type_of,
)
from apilint.jsonpath.trail import Key, Trail

__all__ = ["FilterTest", "compile_filter", "format_path", "required_members"]

# An evaluator takes the tested node's value, its key, and the trail standing at its container.
_Evaluator: TypeAlias = Callable[[Any, Key, "Trail | None"], Any]
# Shaped like every child-step test of the automaton: (key, value, parent, trail) -> selected?
FilterTest: TypeAlias = Callable[[Key, Any, Any, "Trail | None"], bool]


def format_path(keys: list[Key], last: Key) -> str:
    """``@path`` as nimma spells it: member names quoted (unescaped), positions bare."""
    parts = ["$"]
    for key in (*keys, last):
        parts.append(f"[{key}]" if isinstance(key, int) else f"['{key}']")
    return "".join(parts)


def _need(trail: Trail | None) -> Trail:
    if trail is None:
        raise EvaluationFailure("this filter needs the traversal's trail")
    return trail


def _variable(name: str) -> _Evaluator:
    if name == "property":
        return lambda value, key, trail: key
    if name == "root":
        return lambda value, key, trail: _need(trail).values[0]
    if name == "parent":
        return lambda value, key, trail: (values[-2] if len(values := _need(trail).values) > 1 else UNDEFINED)
    if name == "parentProperty":
        return lambda value, key, trail: (keys[-1] if (keys := _need(trail).keys) else UNDEFINED)
    return lambda value, key, trail: format_path(_need(trail).keys, key)


def _regex_for(argument: Any) -> JsRegExp:
    if isinstance(argument, JsRegExp):
        return argument
    source = "(?:)" if argument is UNDEFINED else to_string(argument)
    try:
        return JsRegExp(source, "", compile_filter_regex(source, ""))
    except JsRegexError as error:
        raise EvaluationFailure(error.message) from None


def _match(subject: Any, argument: Any) -> Any:
    if not isinstance(subject, str):
        raise EvaluationFailure("match() needs a string")
    regex = _regex_for(argument)
    by_units = "u" not in regex.flags
    if by_units:
        subject = to_code_units(subject)
    try:
        if "g" in regex.flags:
            found = regex.pattern.find_all(subject)
        else:
            first = regex.pattern.search(subject)
            found = [] if first is None else [first.group(0), *first.groups()]
    except PatternTimeout as timeout:
        # As any expression that fails, the filter selects nothing here; a runaway pattern in a path
        # must not stop the traversal that every declarative rule shares.
        raise EvaluationFailure(str(timeout)) from None
    if not found:
        return None
    return [UNDEFINED if text is None else from_code_units(text) if by_units else text for text in found]


def _string_argument(argument: Any) -> str:
    if isinstance(argument, JsRegExp):
        raise EvaluationFailure("a regular expression is not a valid argument here")
    return to_string(argument)


def _starts_with(subject: Any, argument: Any) -> bool:
    if not isinstance(subject, str):
        raise EvaluationFailure("startsWith() needs a string")
    return subject.startswith(_string_argument(argument))


def _ends_with(subject: Any, argument: Any) -> bool:
    if not isinstance(subject, str):
        raise EvaluationFailure("endsWith() needs a string")
    return subject.endswith(_string_argument(argument))


def _includes(subject: Any, argument: Any) -> bool:
    if isinstance(subject, str):
        return _string_argument(argument) in subject
    if isinstance(subject, list):
        return any(same_value_zero(item, argument) for item in subject)
    raise EvaluationFailure("includes() needs a string or an array")


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, list | str):
        return _includes(container, item)
    if isinstance(container, dict):
        return to_property_key(item) in container
    raise EvaluationFailure("'in' needs an array, a string or an object on its right")


_METHOD_FUNCTIONS: Final[dict[str, Callable[[Any, Any], Any]]] = {
    "match": _match, "startsWith": _starts_with, "endsWith": _ends_with, "includes": _includes,
}


def _compare(operator: str) -> Callable[[Any, Any], bool]:
    if operator == "==":
        return loosely_equal
    if operator == "!=":
        return lambda left, right: not loosely_equal(left, right)
    if operator == "===":
        return strictly_equal
    if operator == "!==":
        return lambda left, right: not strictly_equal(left, right)
    if operator == "<":
        return lambda left, right: is_less_than(left, right) is True
    if operator == ">":
        return lambda left, right: is_less_than(right, left) is True
    if operator == "<=":
        return lambda left, right: is_less_than(right, left) is False
    if operator == ">=":
        return lambda left, right: is_less_than(left, right) is False
    return lambda left, right: _contains(right, left)


def _negate(value: Any) -> float:
    return -to_number(value)


def _build(expression: Expr) -> _Evaluator:
    if isinstance(expression, Constant):
        constant = expression.value
        return lambda value, key, trail: constant
    if isinstance(expression, Current):
        return lambda value, key, trail: value
    if isinstance(expression, Variable):
        return _variable(expression.name)
    if isinstance(expression, RegexLiteral):
        regex = JsRegExp(expression.source, expression.flags, compile_filter_regex(expression.source, expression.flags))
        return lambda value, key, trail: regex
    if isinstance(expression, ArrayLiteral):
        items = tuple(_build(item) for item in expression.items)
        return lambda value, key, trail: [item(value, key, trail) for item in items]
    if isinstance(expression, Member):
        return _build_member(expression)
    if isinstance(expression, ConstructorName):
        typed = _build(expression.target)
        return lambda value, key, trail: constructor_name(typed(value, key, trail))
    if isinstance(expression, ComputedMember):
        target, member = _build(expression.target), _build(expression.key)
        return lambda value, key, trail: get_member(
            target(value, key, trail), to_property_key(member(value, key, trail)),
        )
    if isinstance(expression, MethodCall):
        return _build_call(expression)
    if isinstance(expression, Unary):
        return _build_unary(expression)
    if isinstance(expression, Binary):
        return _build_binary(expression)
    return _build_logical(expression)


def _build_member(expression: Member) -> _Evaluator:
    name = expression.name
    if isinstance(expression.target, Current) and is_plain_member(name):
        # The commonest filter shape, @.name, runs on every node under "..": keep it short.
        def own_member(value: Any, key: Key, trail: Trail | None) -> Any:
            if isinstance(value, dict):
                return value.get(name, UNDEFINED)
            if value is None:
                raise EvaluationFailure(f"cannot read {name!r} of null")
            return UNDEFINED

        return own_member
    target = _build(expression.target)
    return lambda value, key, trail: get_member(target(value, key, trail), name)


def _build_binary(expression: Binary) -> _Evaluator:
    left, right = _build(expression.left), _build(expression.right)
    operator = expression.operator
    if isinstance(expression.right, Constant) and isinstance(expression.right.value, str):
        # Comparing with a string literal: a string on the left needs no JavaScript coercion rules.
        text = expression.right.value
        if operator in ("===", "!=="):
            equal = operator == "==="
            return lambda value, key, trail: (left(value, key, trail) == text) is equal
        if operator in ("==", "!="):
            equal = operator == "=="

            def loosely(value: Any, key: Key, trail: Trail | None) -> bool:
                found = left(value, key, trail)
                if isinstance(found, str):
                    return (found == text) is equal
                return loosely_equal(found, text) is equal

            return loosely
    compare = _compare(operator)
    return lambda value, key, trail: compare(left(value, key, trail), right(value, key, trail))


def _build_call(expression: MethodCall) -> _Evaluator:
    target, argument = _build(expression.target), _build(expression.argument)
    method = _METHOD_FUNCTIONS[expression.method]
    if isinstance(expression.target, Variable) and expression.target.name == "property":
        # nimma turns an array position into a string before calling a string method on it.
        return lambda value, key, trail: method(to_string(target(value, key, trail)), argument(value, key, trail))
    if expression.method == "match" and isinstance(expression.argument, Constant):
        fixed = _regex_for(expression.argument.value)
        return lambda value, key, trail: _match(target(value, key, trail), fixed)
    return lambda value, key, trail: method(target(value, key, trail), argument(value, key, trail))


def _build_unary(expression: Unary) -> _Evaluator:
    operand = _build(expression.operand)
    if expression.operator == "!":
        return lambda value, key, trail: not truthy(operand(value, key, trail))
    if expression.operator == "typeof":
        return lambda value, key, trail: type_of(operand(value, key, trail))
    if expression.operator == "void":

        def void(value: Any, key: Key, trail: Trail | None) -> Any:
            operand(value, key, trail)  # evaluated for its failures, as in JavaScript
            return UNDEFINED

        return void
    if isinstance(expression.operand, Constant):
        number = to_number(expression.operand.value)
        constant = -number if expression.operator == "-" else number
        return lambda value, key, trail: constant
    if expression.operator == "-":
        return lambda value, key, trail: _negate(operand(value, key, trail))
    return lambda value, key, trail: to_number(operand(value, key, trail))


def _build_logical(expression: Logical) -> _Evaluator:
    operands = tuple(_build(operand) for operand in expression.operands)
    if len(operands) == 2:
        first, second = operands
        if expression.operator == "&&":
            return lambda value, key, trail: (
                second(value, key, trail) if truthy(found := first(value, key, trail)) else found
            )
        return lambda value, key, trail: (
            found if truthy(found := first(value, key, trail)) else second(value, key, trail)
        )
    if expression.operator == "&&":

        def evaluate_and(value: Any, key: Key, trail: Trail | None) -> Any:
            result: Any = True
            for operand in operands:
                result = operand(value, key, trail)
                if not truthy(result):
                    return result
            return result

        return evaluate_and

    def evaluate_or(value: Any, key: Key, trail: Trail | None) -> Any:
        result: Any = False
        for operand in operands:
            result = operand(value, key, trail)
            if truthy(result):
                return result
        return result

    return evaluate_or


def compile_filter(expression: Expr) -> FilterTest:
    """A function ``(key, value, parent, trail) -> bool`` that tells whether a node passes the filter.

    ``trail`` stands at the tested node's container. A node for which JavaScript would
    throw (reading a member of ``undefined``, calling ``startsWith`` on a number ...) does
    not pass.
    """
    evaluate = _build(expression)
    required = required_members(expression)

    def test(key: Key, value: Any, parent: Any, trail: Trail | None) -> bool:
        try:
            return truthy(evaluate(value, key, trail))
        except EvaluationFailure:
            return False

    if not required:
        return test
    if len(required) == 1 and len(required[0]) == 1:
        # The commonest shape (@ && @.enum ...), on every node under "..": one lookup, no loop.
        (name,) = required[0]

        def test_one_member(key: Key, value: Any, parent: Any, trail: Trail | None) -> bool:
            return isinstance(value, dict) and name in value and test(key, value, parent, trail)

        return test_one_member

    def test_member_groups(key: Key, value: Any, parent: Any, trail: Trail | None) -> bool:
        return isinstance(value, dict) and all(not group.isdisjoint(value) for group in required) \
            and test(key, value, parent, trail)

    return test_member_groups


def required_members(expression: Expr) -> tuple[frozenset[str], ...]:
    """Names an object must have for ``expression`` to pass: one of each set, read off its leading ``&&`` operands.

    Filters under ``..`` are tried on every node, and most of them start like ``@ && @.enum &&
    ...`` or ``@ && (@.example !== void 0 || @.default !== void 0)``: ``@.enum`` is truthy, equal to a
    string or defined only in an object that has ``enum``. So the test looks for the names first
    and evaluates the expression only in objects that have them, with the same result. Operands are
    read up to the first that calls a method: one that would time out (a ``match``) must still be
    tried where the original order tries it.
    """
    operands = expression.operands if isinstance(expression, Logical) and expression.operator == "&&" \
        else (expression,)
    groups: list[frozenset[str]] = []
    for operand in operands:
        if calls_method(operand):
            break
        needed = _needed_members(operand)
        if needed is not None and needed not in groups:
            groups.append(needed)
    return tuple(groups)


def _needed_members(expression: Expr) -> frozenset[str] | None:
    """Names of which an object must have one for ``expression`` to be truthy there; None if there are none."""
    if isinstance(expression, Logical):
        found = [_needed_members(operand) for operand in expression.operands]
        if expression.operator == "&&":
            return next((names for names in found if names is not None), None)
        known = [names for names in found if names is not None]
        return frozenset().union(*known) if len(known) == len(found) else None
    if isinstance(expression, Binary):
        right = expression.right
        if expression.operator in ("==", "===") and isinstance(right, Constant) and isinstance(right.value, str):
            expression = expression.left
        elif expression.operator in ("!=", "!==") and isinstance(right, Unary) and right.operator == "void":
            expression = expression.left  # defined, which a member is only where it is written
        else:
            return None
    if isinstance(expression, Member) and isinstance(expression.target, Current) and is_plain_member(expression.name):
        return frozenset({expression.name})
    return None
