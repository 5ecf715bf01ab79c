"""Filling in a rule's ``message`` template, as Spectral does.

Placeholders: ``{{error}}`` (what the function said), ``{{description}}`` (the rule's
description), ``{{path}}`` (where, as a URI-fragment JSON pointer), ``{{property}}`` (the
last key of that path) and ``{{value}}`` (the value there, printed briefly). The forms
``#{{print("property")}}`` and ``#{{print("value")}}`` give the wordings Spectral's own
rulesets use.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from apilint.functions import UNDEFINED
from apilint.pointer import pointer_from_tokens

__all__ = ["MessageVariables", "render_message"]

_PLACEHOLDER = re.compile(r"#\{\{\s*print\(\s*[\"'](\w+)[\"']\s*\)\s*\}\}|\{\{\s*(\w+)\s*\}\}")
_FRAGMENT_SAFE = "/~:@!$&'()*+,;=-._"


class MessageVariables:
    """The values a message template can use, computed only when the template asks for them."""

    def __init__(self, *, error: str, description: str, path: tuple[str | int, ...], value: Any) -> None:
        self.error = error
        self.description = description
        self.path = path
        self.value = value

    def lookup(self, name: str) -> str | None:
        if name == "error":
            return self.error
        if name == "description":
            return self.description
        if name == "path":
            return "#" + quote(pointer_from_tokens(self.path), safe=_FRAGMENT_SAFE)
        if name == "property":
            return str(self.path[-1]) if self.path else ""
        if name == "value":
            return print_value(self.value)
        return None


def print_value(value: Any) -> str:
    """A value as a message shows it: strings quoted, containers summarised."""
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, Mapping):
        return "Object{}"
    if isinstance(value, list):
        return "Array[]"
    return str(value)


def render_message(template: str, variables: MessageVariables) -> str:
    """``template`` with its placeholders filled in; unknown placeholders are left as written."""

    def replace(match: re.Match[str]) -> str:
        printed, plain = match.group(1), match.group(2)
        if printed == "property":
            prop = variables.lookup("property")
            return f"`{prop}` property " if prop else "The document "
        name = printed or plain
        found = variables.lookup(name)
        return match.group(0) if found is None else found

    return _PLACEHOLDER.sub(replace, template).strip()
