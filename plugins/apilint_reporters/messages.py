"""Text from the linted documents made safe to print: on one line, or with line breaks kept, and
never with a control character in it.

Messages quote the documents, and paths and pointers name their files and keys, none of which
is trusted: a stray escape sequence must not repaint or move a terminal, and a stray line break
must not start a line that a CI system or an editor reads as a finding of its own.
"""

from __future__ import annotations

import re

from apilint.findings import Finding

__all__ = ["clause_suffix", "message_line", "multiline", "one_line", "visible_controls"]

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# C0 controls but tab and line feed, DEL, and C1 controls: a terminal may act on any of them
# (0x9b alone starts an escape sequence on some).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible_controls(text: str) -> str:
    """``text`` with each control character other than tab and line feed written as ``\\xNN``."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


def one_line(text: str) -> str:
    """``text`` stripped, its line breaks turned into spaces, its control characters made visible."""
    return visible_controls(_LINE_BREAKS.sub(" ", text.strip()))


def multiline(text: str) -> str:
    """``text`` stripped, every kind of line break written as ``\\n``, other control characters made visible."""
    return visible_controls(_LINE_BREAKS.sub("\n", text.strip()))


def clause_suffix(finding: Finding) -> str:
    """`` [clause]`` for a finding of a rule that encodes a standard's clause, else nothing."""
    return f" [{one_line(finding.clause)}]" if finding.clause else ""


def message_line(finding: Finding) -> str:
    """The finding's message and clause on one line, safe to print."""
    return one_line(finding.message) + clause_suffix(finding)
