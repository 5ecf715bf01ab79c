"""Filter expressions, the JavaScript inside ``[?( ... )]``: their syntax tree and its parser.

Only a small, side-effect-free part of JavaScript is accepted, the part rulesets use:

* values: ``@`` (the node tested), ``@property`` (its key; a number for array items),
  ``@parent`` and ``@parentProperty`` (the node *holding the tested node's container*
  and that container's key, as jsonpath-plus and nimma define them), ``@path`` (the
  tested node's path, ``$['paths']['/pets'][0]``), ``@root``; string, number, boolean,
  ``null`` and ``undefined`` literals, array literals and ``/regex/flags`` literals;
* members ``.name`` and ``[expression]``, including ``.length`` of strings and arrays;
* the methods ``.match()``, ``.startsWith()``, ``.endsWith()`` and ``.includes()``;
* operators ``!``, unary ``-``/``+``, ``typeof``, ``void``, ``<``, ``<=``, ``>``, ``>=``, ``in``,
  ``==``, ``!=``, ``===``, ``!==``, ``&&``, ``||`` and parentheses.

``.constructor.name`` gives a value's JavaScript type name. Anything else (other calls, assignment,
arithmetic, other uses of ``constructor`` ...) is rejected here,
when the path is compiled, with the position of the offending text; evaluation is in
:mod:`apilint.jsonpath.evaluation`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias

from apilint.js_regex import JsRegex, JsRegexError, compile_js_regex
from apilint.jsonpath.errors import JsonPathError
from apilint.jsonpath.jsvalues import (
    UNDEFINED,
    to_property_key,
)

__all__ = [
    "MAX_NESTING",
    "ArrayLiteral",
    "Binary",
    "ComputedMember",
    "Constant",
    "ConstructorName",
    "Current",
    "Expr",
    "Logical",
    "Member",
    "MethodCall",
    "RegexLiteral",
    "Unary",
    "Variable",
    "calls_method",
    "compile_filter_regex",
    "parse_filter",
    "variables_used",
]

#: How deeply a filter expression may nest (parentheses, operands, arguments).
MAX_NESTING: Final = 32
# .match() returns what it finds, not only whether it matched: y (sticky, which with g finds only
# adjacent matches) and d (the indices of each match) would change that result beyond what filters model.
_REGEX_FLAGS: Final = "gimsu"

VariableName = Literal["property", "path", "parent", "parentProperty", "root"]
_VARIABLES: Final[frozenset[str]] = frozenset({"property", "path", "parent", "parentProperty", "root"})
_METHODS: Final = frozenset({"match", "startsWith", "endsWith", "includes"})
_BLOCKED_MEMBERS: Final = frozenset({
    "constructor", "__proto__", "prototype", "__defineGetter__", "__defineSetter__",
    "__lookupGetter__", "__lookupSetter__",
})
_KEYWORD_VALUES: Final[dict[str, Any]] = {"true": True, "false": False, "null": None, "undefined": UNDEFINED}
_STRING_ESCAPES: Final = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_UNSUPPORTED_OPERATORS: Final = (
    "=>", "??", "?.", "**", "<<", ">>", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    "=", "+", "-", "*", "/", "%", "&", "|", "^", "~", "?", ":", ",", ";",
)


# --- The expression tree ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Constant:
    """A literal value: string, number, boolean, null or undefined."""

    value: Any
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ArrayLiteral:
    items: tuple[Expr, ...]
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class RegexLiteral:
    source: str
    flags: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Current:
    """``@``: the node being tested."""

    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Variable:
    """``@property``, ``@path``, ``@parent``, ``@parentProperty`` or ``@root``."""

    name: VariableName
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Member:
    """``target.name`` or ``target['name']``."""

    target: Expr
    name: str
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ConstructorName:
    """``target.constructor.name``: the JavaScript type of a value ("Array", "Object", "String" ...).

    The one use of ``constructor`` filters may make; Spectral's own rulesets test for arrays so.
    """

    target: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class ComputedMember:
    """``target[key]`` with a key computed from the node."""

    target: Expr
    key: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class MethodCall:
    target: Expr
    method: str
    argument: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Unary:
    operator: Literal["!", "-", "+", "typeof", "void"]
    operand: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Binary:
    operator: Literal["==", "!=", "===", "!==", "<", "<=", ">", ">=", "in"]
    left: Expr
    right: Expr
    position: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class Logical:
    """A chain of ``&&`` or of ``||``, kept flat so long chains do not nest."""

    operator: Literal["&&", "||"]
    operands: tuple[Expr, ...]
    position: int = field(default=0, compare=False)


Expr: TypeAlias = (
    Constant | ArrayLiteral | RegexLiteral | Current | Variable | Member | ConstructorName | ComputedMember
    | MethodCall | Unary | Binary | Logical
)


def _children(expression: Expr) -> tuple[Expr, ...]:
    if isinstance(expression, ArrayLiteral):
        return expression.items
    if isinstance(expression, Member | ConstructorName):
        return (expression.target,)
    if isinstance(expression, ComputedMember):
        return (expression.target, expression.key)
    if isinstance(expression, MethodCall):
        return (expression.target, expression.argument)
    if isinstance(expression, Unary):
        return (expression.operand,)
    if isinstance(expression, Binary):
        return (expression.left, expression.right)
    if isinstance(expression, Logical):
        return expression.operands
    return ()


def calls_method(expression: Expr) -> bool:
    """Whether evaluating ``expression`` may call a method (``match``, ``startsWith`` ...)."""
    pending = [expression]
    while pending:
        current = pending.pop()
        if isinstance(current, MethodCall):
            return True
        pending.extend(_children(current))
    return False


def variables_used(expression: Expr) -> frozenset[str]:
    """The ``@`` variables an expression reads (``"@"`` stands for the node itself)."""
    found: set[str] = set()
    pending = [expression]
    while pending:
        node = pending.pop()
        if isinstance(node, Variable):
            found.add(node.name)
        elif isinstance(node, Current):
            found.add("@")
        pending.extend(_children(node))
    return frozenset(found)


def _depth(expression: Expr) -> int:
    deepest = 0
    pending = [(expression, 1)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in _children(node))
    return deepest


# --- Parsing -------------------------------------------------------------------------


def _is_identifier_start(char: str) -> bool:
    return char.isalpha() or char in "_$"


def _is_identifier_part(char: str) -> bool:
    return char.isalnum() or char in "_$"


class _Parser:
    """Recursive descent over the path text, so every error carries its position in the whole path."""

    def __init__(self, text: str, start: int) -> None:
        self.text = text
        self.pos = start
        self.nesting = 0

    # Low-level scanning.

    def error(self, message: str, position: int | None = None) -> JsonPathError:
        return JsonPathError(message, self.pos if position is None else position, self.text)

    def skip_space(self) -> None:
        text = self.text
        while self.pos < len(text) and text[self.pos] in " \t\r\n":
            self.pos += 1

    def peek(self, token: str) -> bool:
        self.skip_space()
        return self.text.startswith(token, self.pos)

    def take(self, token: str) -> bool:
        if self.peek(token):
            self.pos += len(token)
            return True
        return False

    def peek_word(self, word: str) -> bool:
        self.skip_space()
        end = self.pos + len(word)
        if not self.text.startswith(word, self.pos):
            return False
        return end >= len(self.text) or not _is_identifier_part(self.text[end])

    def identifier(self) -> str:
        start = self.pos
        while self.pos < len(self.text) and _is_identifier_part(self.text[self.pos]):
            self.pos += 1
        return self.text[start : self.pos]

    def unexpected(self) -> JsonPathError:
        """The error for whatever stands where an operator or a closing bracket was expected."""
        self.skip_space()
        text, pos = self.text, self.pos
        if pos >= len(text):
            return self.error("the filter expression is not closed")
        char = text[pos]
        if char == "`":
            return self.error("template literals are not supported in filters")
        if char == "(":
            return self.error("only .match(), .startsWith(), .endsWith() and .includes() can be called")
        for operator in _UNSUPPORTED_OPERATORS:
            if text.startswith(operator, pos):
                if operator == "=" or (operator.endswith("=") and len(operator) == 2 and operator != "=>"):
                    return self.error("assignment is not supported in filters")
                return self.error(f"the operator {operator!r} is not supported in filters")
        if _is_identifier_start(char) or char == "@":
            word = text[pos] + self.identifier_at(pos + 1)
            return self.error(f"unexpected {word!r}; expected an operator")
        return self.error(f"unexpected character {char!r} in the filter expression")

    def identifier_at(self, pos: int) -> str:
        end = pos
        while end < len(self.text) and _is_identifier_part(self.text[end]):
            end += 1
        return self.text[pos:end]

    # Grammar, loosest binding first.

    def expression(self) -> Expr:
        self.enter()
        result = self.logical("||", self.and_chain)
        self.leave()
        return result

    def and_chain(self) -> Expr:
        return self.logical("&&", self.equality)

    def logical(self, operator: Literal["&&", "||"], operand: Callable[[], Expr]) -> Expr:
        start = self.pos
        operands = [operand()]
        while self.take(operator):
            operands.append(operand())
        return operands[0] if len(operands) == 1 else Logical(operator, tuple(operands), start)

    def equality(self) -> Expr:
        left = self.relational()
        while True:
            self.skip_space()
            position = self.pos
            for operator in ("===", "!==", "==", "!="):
                if self.take(operator):
                    left = Binary(operator, left, self.relational(), position)
                    break
            else:
                return left

    def relational(self) -> Expr:
        left = self.unary()
        while True:
            self.skip_space()
            position = self.pos
            if self.peek("<<") or self.peek(">>"):
                return left
            for operator in ("<=", ">=", "<", ">"):
                if self.take(operator):
                    left = Binary(operator, left, self.unary(), position)
                    break
            else:
                if not self.peek_word("in"):
                    return left
                self.pos += 2
                left = Binary("in", left, self.unary(), position)

    def unary(self) -> Expr:
        self.skip_space()
        position = self.pos
        operator: Literal["!", "-", "+", "typeof", "void"] | None = None
        if self.peek("!") and not self.peek("!="):
            operator = "!"
        elif (self.peek("-") and not self.peek("--")) or (self.peek("+") and not self.peek("++")):
            operator = "-" if self.peek("-") else "+"
        if operator is not None:
            self.pos += 1
        elif self.peek_word("typeof") or self.peek_word("void"):
            operator = "typeof" if self.peek_word("typeof") else "void"
            self.pos += len(operator)
        else:
            return self.postfix(self.primary())
        self.enter()
        operand = self.unary()
        self.leave()
        return Unary(operator, operand, position)

    def enter(self) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise self.error(f"the filter expression nests more than {MAX_NESTING} levels deep")

    def leave(self) -> None:
        self.nesting -= 1

    def postfix(self, target: Expr) -> Expr:
        while True:
            self.skip_space()
            position = self.pos
            if self.take("?."):
                raise self.error("optional chaining ('?.') is not supported in filters", position)
            if self.peek("."):
                self.pos += 1
                self.skip_space()
                name_position = self.pos
                name = self.identifier()
                if not name or not _is_identifier_start(name[0]):
                    raise self.error(
                        "expected a member name after '.'; use ['...'] for names that are not identifiers",
                        name_position,
                    )
                if name == "constructor" and self.constructor_name():
                    target = ConstructorName(target, name_position)
                    continue
                self.check_member(name, name_position)
                if self.peek("("):
                    target = self.method_call(target, name, name_position)
                else:
                    target = Member(target, name, name_position)
            elif self.peek("["):
                self.pos += 1
                key = self.expression()
                if not self.take("]"):
                    raise self.unexpected()
                if isinstance(key, Constant) and isinstance(key.value, str | int | float) and not isinstance(
                    key.value, bool
                ):
                    name = to_property_key(key.value)
                    self.check_member(name, key.position)
                    target = Member(target, name, position)
                else:
                    target = ComputedMember(target, key, position)
                if self.peek("("):
                    raise self.error("methods can only be called as .name(...), not through brackets")
            elif self.peek("("):
                raise self.error("only .match(), .startsWith(), .endsWith() and .includes() can be called")
            else:
                return target

    def constructor_name(self) -> bool:
        """Take ``.name`` after ``.constructor``; False (nothing taken) if something else follows."""
        start = self.pos
        self.skip_space()
        if self.take("."):
            self.skip_space()
            if self.identifier() == "name" and not self.peek("("):
                return True
        self.pos = start
        return False

    def check_member(self, name: str, position: int) -> None:
        if name in _BLOCKED_MEMBERS:
            raise self.error(f"the member {name!r} is not accessible in filters", position)

    def method_call(self, target: Expr, name: str, position: int) -> Expr:
        if name not in _METHODS:
            raise self.error(
                f"the method {name!r} is not supported; filters may call .match(), .startsWith(), "
                ".endsWith() and .includes()",
                position,
            )
        self.take("(")
        if self.peek(")"):
            raise self.error(f".{name}() needs one argument")
        argument = self.expression()
        if self.peek(","):
            raise self.error(f".{name}() takes one argument here")
        if not self.take(")"):
            raise self.unexpected()
        if name == "match" and isinstance(argument, Constant) and isinstance(argument.value, str):
            self.check_regex(argument.value, "", argument.position + 1, argument.position)
        return MethodCall(target, name, argument, position)

    def check_regex(self, source: str, flags: str, source_position: int, flags_position: int) -> None:
        try:
            compile_filter_regex(source, flags)
        except JsRegexError as error:
            # A fault with no single place (Python refusing the translation) points at the pattern's start.
            offset = 0 if error.offset is None else error.offset
            position = (flags_position if error.in_flags else source_position) + offset
            raise self.error(error.message, position) from None

    def primary(self) -> Expr:
        self.skip_space()
        text, position = self.text, self.pos
        if position >= len(text):
            raise self.error("the filter expression ends where a value was expected")
        char = text[position]
        if char == "@":
            self.pos += 1
            name = self.identifier()
            if not name:
                return Current(position)
            if name not in _VARIABLES:
                raise self.error(f"unknown variable '@{name}'", position)
            return Variable(name, position)  # type: ignore[arg-type]
        if char == "(":
            self.pos += 1
            inner = self.expression()
            if not self.take(")"):
                raise self.unexpected()
            return inner
        if char == "[":
            return self.array_literal()
        if char in "'\"":
            return Constant(self.string_literal(), position)
        if char.isdigit() or (char == "." and position + 1 < len(text) and text[position + 1].isdigit()):
            return Constant(self.number_literal(), position)
        if char == "/":
            return self.regex_literal()
        if _is_identifier_start(char):
            word = self.identifier()
            if word in _KEYWORD_VALUES:
                return Constant(_KEYWORD_VALUES[word], position)
            raise self.error(f"unknown name {word!r}; filters can use @, @property, @path, @parent, "
                             "@parentProperty, @root and literals", position)
        if char == "`":
            raise self.error("template literals are not supported in filters")
        if char == ")":
            raise self.error("expected a value")
        raise self.error(f"unexpected character {char!r} where a value was expected")

    def array_literal(self) -> Expr:
        position = self.pos
        self.pos += 1
        self.enter()
        items: list[Expr] = []
        if not self.take("]"):
            while True:
                items.append(self.expression())
                if self.take("]"):
                    break
                if not self.take(","):
                    raise self.unexpected()
        self.leave()
        return ArrayLiteral(tuple(items), position)

    def string_literal(self) -> str:
        text, start = self.text, self.pos
        quote = text[start]
        pos = start + 1
        chars: list[str] = []
        while True:
            if pos >= len(text):
                raise self.error("the string is not closed", start)
            char = text[pos]
            if char == quote:
                self.pos = pos + 1
                return "".join(chars)
            if char == "\\":
                pos, char = self.string_escape(pos)
                chars.append(char)
                continue
            chars.append(char)
            pos += 1

    def string_escape(self, pos: int) -> tuple[int, str]:
        text = self.text
        if pos + 1 >= len(text):
            raise self.error("the string is not closed", pos)
        char = text[pos + 1]
        if char in _STRING_ESCAPES and not (char == "0" and text[pos + 2 : pos + 3].isdigit()):
            return pos + 2, _STRING_ESCAPES[char]
        if char == "x":
            digits = text[pos + 2 : pos + 4]
            if len(digits) == 2 and all(c in "0123456789abcdefABCDEF" for c in digits):
                return pos + 4, chr(int(digits, 16))
            raise self.error("invalid \\x escape", pos)
        if char == "u":
            if text.startswith("{", pos + 2):
                end = text.find("}", pos + 3)
                digits = text[pos + 3 : end] if end > 0 else ""
                if digits and all(c in "0123456789abcdefABCDEF" for c in digits) and int(digits, 16) <= 0x10FFFF:
                    return end + 1, chr(int(digits, 16))
                raise self.error("invalid \\u{...} escape", pos)
            digits = text[pos + 2 : pos + 6]
            if len(digits) == 4 and all(c in "0123456789abcdefABCDEF" for c in digits):
                code = int(digits, 16)
                low = text[pos + 8 : pos + 12]
                if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", pos + 6) and len(low) == 4 and all(
                    c in "0123456789abcdefABCDEF" for c in low
                ) and 0xDC00 <= int(low, 16) <= 0xDFFF:
                    return pos + 12, chr(0x10000 + ((code - 0xD800) << 10) + (int(low, 16) - 0xDC00))
                return pos + 6, chr(code)
            raise self.error("invalid \\u escape", pos)
        if char.isdigit():
            raise self.error("octal escapes are not supported", pos)
        if char in "\r\n":
            return pos + 2, ""
        return pos + 2, char

    def number_literal(self) -> int | float:
        text, start = self.text, self.pos
        pos = start
        while pos < len(text) and text[pos].isdigit():
            pos += 1
        is_float = False
        if text.startswith(".", pos):
            is_float = True
            pos += 1
            while pos < len(text) and text[pos].isdigit():
                pos += 1
        if pos < len(text) and text[pos] in "eE":
            exponent = pos + 1
            if exponent < len(text) and text[exponent] in "+-":
                exponent += 1
            if exponent < len(text) and text[exponent].isdigit():
                is_float = True
                pos = exponent
                while pos < len(text) and text[pos].isdigit():
                    pos += 1
        if pos < len(text) and (_is_identifier_start(text[pos]) or text[pos].isdigit()):
            raise self.error("invalid number", start)
        self.pos = pos
        literal = text[start:pos]
        if literal.startswith("0") and len(literal) > 1 and literal[1].isdigit():
            raise self.error("numbers with leading zeros are not supported", start)
        return float(literal) if is_float else int(literal)

    def regex_literal(self) -> Expr:
        text, start = self.text, self.pos
        pos = start + 1
        in_class = False
        while True:
            if pos >= len(text) or text[pos] in "\r\n":
                raise self.error("the regular expression is not closed", start)
            char = text[pos]
            if char == "\\":
                pos += 2
                continue
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "/" and not in_class:
                break
            pos += 1
        source = text[start + 1 : pos]
        if not source:
            raise self.error("an empty regular expression ('//') is not valid", start)
        flags_start = pos + 1
        self.pos = flags_start
        flags = self.identifier()
        self.check_regex(source, flags, start + 1, flags_start)
        return RegexLiteral(source, flags, start)


def compile_filter_regex(source: str, flags: str) -> JsRegex:
    """The pattern ``.match()`` runs for the JavaScript regular expression ``/source/flags``.

    Without the ``u`` flag it expects the text as UTF-16 code units (:func:`apilint.js_regex.to_code_units`).
    Raises :class:`~apilint.js_regex.JsRegexError` for a pattern that is invalid, or that filters cannot
    run: a flag other than ``g i m s u``, or what :mod:`apilint.js_regex` cannot translate.
    """
    try:
        return compile_js_regex(source, flags, supported_flags=_REGEX_FLAGS)
    except JsRegexError as error:
        # Inside a path the message must say which part of it is at fault.
        raise JsRegexError(f"invalid or unsupported regular expression: {error.message}", error.offset,
                           in_flags=error.in_flags) from None


def parse_filter(text: str, start: int) -> tuple[Expr, int]:
    """Parse the expression that starts at ``text[start]`` (just after ``?(``).

    Returns the expression and the position of the ``)`` that closes it.
    """
    parser = _Parser(text, start)
    parser.skip_space()
    if parser.peek(")"):
        raise parser.error("the filter expression is empty")
    expression = parser.expression()
    if not parser.peek(")"):
        raise parser.unexpected()
    if _depth(expression) > 4 * MAX_NESTING:
        raise parser.error(f"the filter expression nests more than {MAX_NESTING} levels deep", start)
    return expression, parser.pos
