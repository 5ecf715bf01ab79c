"""The colours of the formats for terminals, as ANSI escape sequences: one per severity."""

from __future__ import annotations

from apilint.severity import Severity

__all__ = ["painted", "underlined"]

_RESET = "\x1b[0m"
_UNDERLINE = "\x1b[4m"
_COLORS = {
    Severity.ERROR: "\x1b[31m",
    Severity.WARN: "\x1b[33m",
    Severity.INFO: "\x1b[34m",
    Severity.HINT: "\x1b[2m",
}


def painted(text: str, severity: Severity, color: bool) -> str:
    """``text`` in the colour of ``severity`` when ``color``, else as it is."""
    return f"{_COLORS[severity]}{text}{_RESET}" if color else text


def underlined(text: str, color: bool) -> str:
    return f"{_UNDERLINE}{text}{_RESET}" if color else text
