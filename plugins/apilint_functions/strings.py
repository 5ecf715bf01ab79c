"""Functions about a string's text: ``pattern`` and ``casing``. Values that are not strings are skipped."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint.js_regex import JsRegexError, compile_pattern_option

__all__ = ["CASING", "CASING_TYPES", "FUNCTIONS", "PATTERN", "validate_pattern_options"]


# -- pattern

def _pattern(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, str):
        return
    # An invalid pattern raises JsRegexError here; validate_pattern_options refuses it when the ruleset loads.
    match, not_match = options.get("match"), options.get("notMatch")
    if isinstance(match, str) and not compile_pattern_option(match).test(value):
        yield FunctionResult(f'must match the pattern "{match}"')
    if isinstance(not_match, str) and compile_pattern_option(not_match).test(value):
        yield FunctionResult(f'must not match the pattern "{not_match}"')


def validate_pattern_options(options: Mapping[str, Any]) -> list[str]:
    """Problems with ``pattern``'s options that a JSON Schema cannot see: patterns that do not compile."""
    problems = []
    for name in ("match", "notMatch"):
        text = options.get(name)
        if isinstance(text, str):
            try:
                compile_pattern_option(text)
            except JsRegexError as error:
                problems.append(f'"{name}": {text!r} is not a usable regular expression: {error}')
    return problems


_PATTERN_TEXT = {
    "type": "string",
    "description": 'A JavaScript regular expression, either bare ("^x-") or between slashes with flags ("/^x-/i").',
}

PATTERN = RuleFunction(
    name="pattern",
    check=_pattern,
    description="A string matches the regular expression `match` and does not match `notMatch`.",
    options_schema={
        "type": "object",
        "properties": {"match": _PATTERN_TEXT, "notMatch": _PATTERN_TEXT},
        "minProperties": 1,
        "additionalProperties": False,
    },
    validate_options=validate_pattern_options,
)


# -- casing

#: The casing styles, with an example of each.
CASING_TYPES = {
    "flat": "lowercase",
    "camel": "camelCase",
    "pascal": "PascalCase",
    "kebab": "kebab-case",
    "cobol": "COBOL-CASE",
    "snake": "snake_case",
    "macro": "MACRO_CASE",
}


def _casing_word(casing: str, digits: str) -> str:
    """A pattern for one group of words in a style; ``digits`` is "0-9", or "" when digits are not allowed."""
    lower, upper = f"[a-z{digits}]", f"[A-Z{digits}]"
    if casing == "flat":
        return f"[a-z]{lower}*"
    if casing in ("camel", "pascal"):
        first = "[a-z]" if casing == "camel" else "[A-Z]"
        # Each later word starts with a capital (or digit) followed by lower case or by the end of the string,
        # so "getHttp" and "getH" are camelCase but "getHTTP" is not.
        return f"{first}{lower}*(?:{upper}(?:{lower}+|\\Z))*"
    joiner = "-" if casing in ("kebab", "cobol") else "_"
    if casing in ("kebab", "snake"):
        return f"[a-z]{lower}*(?:{joiner}{lower}+)*"
    return f"[A-Z]{upper}*(?:{joiner}{upper}+)*"


@lru_cache(maxsize=256)
def _casing_regex(casing: str, disallow_digits: bool, separator: str | None, allow_leading: bool) -> re.Pattern[str]:
    word = _casing_word(casing, "" if disallow_digits else "0-9")
    if not separator:
        # Spectral builds "[]" from an empty separator, a class that matches nothing.
        return re.compile(word)
    joint = f"[{re.escape(separator)}]"
    return re.compile(f"{joint + '?' if allow_leading else ''}{word}(?:{joint}{word})*")


def _casing(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    # Spectral skips the empty string as well as non-strings.
    if not isinstance(value, str) or value == "":
        return
    casing = options.get("type")
    if casing not in CASING_TYPES:
        return
    separator = options.get("separator") or {}
    char = separator.get("char") if isinstance(separator, Mapping) else None
    allow_leading = isinstance(separator, Mapping) and separator.get("allowLeading") is True
    if allow_leading and value == char:
        return
    regex = _casing_regex(casing, options.get("disallowDigits") is True, char if isinstance(char, str) else None,
                          allow_leading)
    if regex.fullmatch(value) is None:
        style = CASING_TYPES[casing]
        detail = []
        if options.get("disallowDigits") is True:
            detail.append("without digits")
        if isinstance(char, str) and char:
            detail.append(f'groups may be separated by "{char}"' + (", also at the start" if allow_leading else ""))
        yield FunctionResult(f"must be {style}" + (f" ({'; '.join(detail)})" if detail else ""))


CASING = RuleFunction(
    name="casing",
    check=_casing,
    description="A string is written in the casing style `type` (flat, camel, pascal, kebab, cobol, snake or macro), "
                "optionally without digits (`disallowDigits`) or as groups joined by `separator.char`.",
    options_schema={
        "type": "object",
        "properties": {
            "type": {"enum": list(CASING_TYPES), "description": "The casing style."},
            "disallowDigits": {"type": "boolean", "description": "When true, digits are not allowed."},
            "separator": {
                "type": "object",
                "properties": {
                    "char": {"type": "string", "maxLength": 1, "description": "The character between groups."},
                    "allowLeading": {"type": "boolean", "description": "When true, the value may start with it."},
                },
                "required": ["char"],
                "additionalProperties": False,
            },
        },
        "required": ["type"],
        "additionalProperties": False,
    },
)

FUNCTIONS = (PATTERN, CASING)
