"""``oasRuntimeExpression``: a Link Object's parameter values that are runtime expressions are valid ones.

A link parameter's value is a constant or a runtime expression. A string that starts with ``$``
is read as an expression and must follow the grammar of the OpenAPI specification::

    expression       = "$url" / "$method" / "$statusCode" / "$request." source / "$response." source
    source           = header-reference / query-reference / path-reference / body-reference
    header-reference = "header." token                 ; token = 1*tchar (RFC 7230)
    query-reference  = "query." name                   ; name = *CHAR (%x01-7F)
    path-reference   = "path." name
    body-reference   = "body" ["#" json-pointer]       ; RFC 6901

Other strings are constants, in which expressions may be embedded between braces
(``"item-{$response.body#/id}"``); each embedded expression must be valid too. The function is
given the ``parameters`` map. Given a single string instead, it checks that string as an expression.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint_functions.values import object_keys

__all__ = ["FUNCTIONS", "OAS_RUNTIME_EXPRESSION", "expression_problem"]

_WHOLE = frozenset({"$url", "$method", "$statusCode"})
_TOKEN = re.compile(r"[A-Za-z0-9!#$%&'*+\-.^_`|~]+")
_NAME = re.compile(r"[\x01-\x7f]*")
_EMBEDDED = re.compile(r"\{(\$[^}]*)\}")


def _pointer_problem(pointer: str) -> str | None:
    if pointer and not pointer.startswith("/"):
        return 'the JSON pointer after "body#" must be empty or start with "/"'
    for token in pointer.split("/")[1:]:
        if re.search(r"~(?![01])", token):
            return 'in the JSON pointer after "body#", "~" must be written "~0" (and "/" inside a name "~1")'
    return None


def _source_problem(source: str, prefix: str) -> str | None:
    if source == "body":
        return None
    if source.startswith("body#"):
        return _pointer_problem(source[len("body#"):])
    if source.startswith("header."):
        if _TOKEN.fullmatch(source[len("header."):]) is None:
            return 'a header name after "header." must be one or more letters, digits or any of !#$%&\'*+-.^_`|~'
        return None
    for kind in ("query.", "path."):
        if source.startswith(kind):
            if _NAME.fullmatch(source[len(kind):]) is None:
                return f'a parameter name after "{kind}" must only use ASCII characters'
            return None
    if source.startswith("body"):
        return 'after "body" only "#" and a JSON pointer may follow'
    return f'"{prefix}" must be followed by "header.", "query.", "path.", "body" or "body#"'


def expression_problem(expression: str) -> str | None:
    """What makes ``expression`` not a runtime expression, or None when it is one."""
    if expression in _WHOLE:
        return None
    for prefix in ("$request.", "$response."):
        if expression.startswith(prefix):
            return _source_problem(expression[len(prefix):], prefix)
    return 'an expression is "$url", "$method", "$statusCode", or starts with "$request." or "$response."'


def _value_problems(value: Any) -> Iterator[str]:
    if not isinstance(value, str):
        return
    if value.startswith("$"):
        problem = expression_problem(value)
        if problem is not None:
            yield f'is not a valid runtime expression ("{value}"): {problem}'
        return
    for embedded in _EMBEDDED.findall(value):
        problem = expression_problem(embedded)
        if problem is not None:
            yield f'embeds "{{{embedded}}}", which is not a valid runtime expression: {problem}'


def _runtime_expressions(value: Any, options: Mapping[str, Any], context: FunctionContext
                         ) -> Iterator[FunctionResult]:
    if isinstance(value, str):
        problem = expression_problem(value)
        if problem is not None:
            yield FunctionResult(f'must be a map of parameters; as a runtime expression "{value}" is not valid: '
                                 f"{problem}")
        return
    if not isinstance(value, dict):
        return
    for name in object_keys(value):
        for message in _value_problems(value[name]):
            yield FunctionResult(message, (name,))


OAS_RUNTIME_EXPRESSION = RuleFunction(
    name="oasRuntimeExpression",
    check=_runtime_expressions,
    description="Every value of a Link Object's `parameters` that is a string starting with `$`, and every "
                "`{$...}` embedded in another string, is a runtime expression as the OpenAPI specification "
                "defines them.",
    options_schema=None,
)

FUNCTIONS = (OAS_RUNTIME_EXPRESSION,)
