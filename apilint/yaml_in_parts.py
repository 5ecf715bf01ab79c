"""Reading a large YAML text in two processes: this one reads the first part while a forked child reads the rest.

Reading is most of the time a large YAML description takes before any rule runs (0.35 s of
Stripe's 3.7 MB), and it is serial: libyaml parses in a single pass. A description written in
block style, as generated and hand-written ones are, can be cut at a line where a member of the
root mapping begins (``components:``), or a member of one of its block mappings (``  /v1/charges:``
under ``paths:``); each part then parses on its own into the same containers, with the same
offsets, as the whole text gives. The child reads the part or parts after the cut and sends them
back; this process reads the part before it and joins them.

What is joined must be what reading the whole text gives, so every doubt falls back to reading it
whole, as :func:`~apilint.yaml_reader.read_yaml` does:

* the text has a directive or a document marker (``%YAML``, ``---``, ``...``) at the start of a
  line other than a ``---`` alone on the first line, or what may be a YAML anchor (an alias on one
  side of a cut of an anchor on the other would not resolve, and the ids that name shared
  containers do not survive the trip back), or no line of the right kind to cut at;
* a part does not parse with libyaml, reports any problem (a duplicate key, an extra document ...),
  or is not a mapping, or has anchors after all, or a key is written on both sides of the cut;
* the child fails, or no child can be started.

A cut inside a construct that spans lines (a quoted scalar, a flow collection) leaves the first
part unterminated, which fails to parse; a block scalar or a plain scalar cannot span a line at the
indentation of the members around it. ``tests/unit/core/test_yaml_in_parts.py`` holds the joined
result to the whole text's, containers, offsets and counts, at every place a text could be cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from apilint.forked_call import ForkedCall, can_fork
from apilint.reading import ReadResult
from apilint.sourcemap import SourceMapping
from apilint.yaml_reader import MAX_NESTING, has_libyaml, read_yaml_with_libyaml

__all__ = ["READ_IN_PARTS_FROM_CHARACTERS", "Cut", "cut_for", "cuts", "joined", "read_in_parts", "read_rest"]

#: Texts shorter than this are read in one process: the fork and the trip back cost more than they save.
READ_IN_PARTS_FROM_CHARACTERS = 1_000_000
#: The share of the text this process reads: the child reads a fifth more slowly and sends its part
#: back, which costs it a fifth of reading it, and this process an eighth to take it in (on Stripe's
#: description, the whole read took 0.26 s with 0.61 and 0.64, 0.28 s with 0.57).
_SHARE_HERE = 0.61
# A line that starts a member of a mapping: not blank, not a comment, not a sequence item, not a
# complex key (``?``) or a value indicator (``:``) standing alone, not a flow collection.
_MEMBER_START = r"[^ \t\r\n#\-?:\[\]{}]"
# Searched for from the line break before it: several times faster than ``^`` in multi-line mode.
_TOP_LEVEL_LINE = re.compile(rf"\n{_MEMBER_START}")
_MARKER_LINE = re.compile(r"\n(?:%|---|\.\.\.)")
# A document start marker alone on the first line, which many files have, changes nothing.
_FIRST_LINE_MARKER = re.compile(r"---\r?\n")
# A root member whose value is a block collection on the lines below it: ``paths:`` and maybe a comment.
_BLOCK_KEY = re.compile(r"[^ \t\r\n#'\"][^\n#'\"]*:[ \t]*(?:#[^\n]*)?\r?\n")
_INDENT = re.compile(r"( +)(\S)")
# What may be an anchor (``&name``): found by its ``&``, which is rare, and then told apart from
# an ampersand in text (``&amp;``, ``this & that``) by what is before it.
_AMPERSAND = re.compile(r"&[^ \t\r\n,\[\]{}]")


@dataclass(frozen=True, slots=True)
class Cut:
    """Where a text is cut: the child reads ``[start:end)`` (members of the root's member ``member``, or
    members of the root itself when ``member`` is None) and, if ``end`` is not the end of the text,
    ``[end:]`` (members of the root)."""

    start: int
    end: int
    member: str | None = None


def cuts(text: str) -> list[Cut]:
    """Every place ``text`` may be cut at, in order (the lines that start a member at the first two levels)."""
    opening = _FIRST_LINE_MARKER.match(text)
    if (text.startswith(("%", "---", "...")) and opening is None) or _MARKER_LINE.search(text) \
            or _may_have_anchors(text):
        return []
    tops = [found.start() + 1 for found in _TOP_LEVEL_LINE.finditer(text)]
    if re.match(_MEMBER_START, text):
        tops.insert(0, 0)
    found: list[Cut] = []
    for number, top in enumerate(tops):
        following = tops[number + 1] if number + 1 < len(tops) else len(text)
        if number > 0:
            found.append(Cut(top, len(text)))
        key_line = _BLOCK_KEY.match(text, top, following)
        if key_line is None:
            continue
        first = _INDENT.match(text, key_line.end(), following)
        while first is not None and first.group(2) == "#":  # comment lines before the first member
            line_end = text.find("\n", first.start(), following)
            first = _INDENT.match(text, line_end + 1, following) if line_end >= 0 else None
        if first is None or not re.match(_MEMBER_START, first.group(2)):
            continue  # a block sequence, a scalar on the next lines, or nothing
        member = text[top:key_line.end()].split(":")[0]
        if not member or member != member.strip() or any(quote in member for quote in "'\"\\"):
            continue
        indent = len(first.group(1))
        members = re.compile(rf"\n {{{indent}}}{_MEMBER_START}")
        found.extend(Cut(line.start() + 1, following, member)
                     for line in members.finditer(text, first.end(), following))
    return found


def _may_have_anchors(text: str) -> bool:
    return any(found.start() == 0 or text[found.start() - 1] in " \t\n[{,:-"
               for found in _AMPERSAND.finditer(text))


def cut_for(text: str) -> Cut | None:
    """The cut that leaves about :data:`_SHARE_HERE` of ``text`` before it, if there is one."""
    target = int(len(text) * _SHARE_HERE)
    return min(cuts(text), key=lambda cut: abs(cut.start - target), default=None)


def read_rest(text: str, cut: Cut) -> tuple[ReadResult, ReadResult | None] | None:
    """What the child reads: the part or parts after ``cut``, with the offsets they have in ``text``
    (each part is read after as many line breaks as characters come before it). None where a part
    is not a mapping that reads cleanly and has no anchors."""
    parts: list[ReadResult] = []
    for start, end in ((cut.start, cut.end), (cut.end, len(text))):
        if start >= end:
            break
        result = read_yaml_with_libyaml("\n" * start + text[start:end])
        if result is None or result.problems or result.shared or not isinstance(result.data, SourceMapping):
            return None
        parts.append(result)
    return parts[0], parts[1] if len(parts) > 1 else None


def joined(first: ReadResult, rest: tuple[ReadResult, ReadResult | None], cut: Cut) -> ReadResult | None:
    """The result of reading the whole text, from the result for the text before ``cut`` and the child's;
    None where the parts do not join as reading the whole would (see the module's description)."""
    root = first.data
    if first.problems or not isinstance(root, SourceMapping):
        return None
    inner, outer = rest if cut.member is not None else (None, rest[0])
    result = ReadResult(root, first.root_start, first.root_end, [], first.shared, first.nodes, first.depth)
    if inner is not None and cut.member is not None:
        keys = list(root)
        container = root.get(cut.member)
        if not keys or keys[-1] != cut.member or not isinstance(container, SourceMapping):
            return None
        if not _take_members(container, inner.data):
            return None
        # The member's value now ends where the child's part of it ends, and so does the root so far.
        root.offsets[-1] = inner.root_end
        result.root_end = inner.root_end
        result.nodes += inner.nodes - 1  # the part's own root is the member's mapping, counted already
        result.depth = max(result.depth, inner.depth + 1)
    if outer is not None:
        if not _take_members(root, outer.data):
            return None
        result.root_end = outer.root_end
        result.nodes += outer.nodes - 1
        result.depth = max(result.depth, outer.depth)
    # Read whole, the text would stop at the nesting limit (the child's inner part starts a level down).
    return result if result.depth <= MAX_NESTING else None


def _take_members(container: SourceMapping, part: SourceMapping) -> bool:
    if any(key in container for key in part):
        return False  # a duplicate key: reading the whole text reports it
    container.append_members(part)
    return True


def read_in_parts(text: str) -> ReadResult | None:
    """Read ``text`` in two processes; None where it cannot be read so (then it is read whole)."""
    if len(text) < READ_IN_PARTS_FROM_CHARACTERS or not can_fork() or not has_libyaml():
        return None
    cut = cut_for(text)
    if cut is None:
        return None
    with ForkedCall(lambda: read_rest(text, cut)) as child:
        if not child.started:
            return None
        first = read_yaml_with_libyaml(text[:cut.start])
        rest = child.result()
    if first is None or rest is None:
        return None
    return joined(first, rest, cut)
