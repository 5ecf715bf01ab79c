"""Read YAML 1.2 into positioned containers.

libyaml's parser, through PyYAML's C extension, produces the event stream; this module builds the
containers from the events itself. Text PyYAML's libyaml refuses is read as by ruamel.yaml: with
its own build of libyaml, which reads nesting deeper than PyYAML's limit of 1,000 levels, and, for
what that refuses, with its pure-Python parser, which follows YAML 1.2 where libyaml follows 1.1
(``[spectral:oas, all]``). Where two of them read a text, they give the same data and offsets: a
test holds them to it over every YAML file of the repository. Building from events, rather than
letting a constructor do it, is what gives every key and value an offset, and it is also what keeps
reading safe and bounded:

* scalars are resolved with the YAML 1.2 core schema (``yes``/``on`` stay strings,
  ``012`` is a decimal, timestamps stay strings as JSON Schema expects); tags never
  construct objects: a core tag (``!!str``, ``!!int`` ...) converts the scalar and any
  other tag is ignored;
* an alias refers to the very object its anchor built, never to a copy, so an "alias
  bomb" costs no memory; walkers that expand aliases are bounded elsewhere;
* the builder keeps its own stack, so deep nesting cannot exhaust the Python stack, and stops
  with a finding past :data:`MAX_NESTING` levels, where libyaml's time, quadratic in the depth,
  would become minutes;
* duplicate keys, non-scalar keys and extra documents are reported, not dropped in silence.

Merge keys (``<<``) are applied as YAML 1.1 defines them because OpenAPI documents in the
wild use them, even though the 1.2 core schema has no such key.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, NamedTuple

from yaml.error import MarkedYAMLError as LibyamlRefusal
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.reader import ReaderError as LibyamlReaderError

from apilint.reading import ReadProblem, ReadResult, integer, join_surrogates, may_escape_surrogates
from apilint.sourcemap import SourceMapping, SourceSequence

__all__ = ["MAX_NESTING", "has_libyaml", "read_yaml", "read_yaml_with_libyaml"]

_CORE_TAG = "tag:yaml.org,2002:"
_NULL_WORDS = ("~", "null", "Null", "NULL", "")
_NULL = re.compile(f"^(?:{'|'.join(map(re.escape, _NULL_WORDS))})$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10 = re.compile(r"^[-+]?[0-9]+$")
_INT8 = re.compile(r"^0o[0-7]+$")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
#: The characters YAML does not allow in a stream (YAML 1.2, section 5.1), as ruamel's reader checks them.
#: Compiled by ``re`` on first use: the class takes milliseconds to compile, and is seldom needed.
_NON_PRINTABLE = "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]"


#: The parsers events come from: PyYAML's libyaml, ruamel's libyaml, ruamel's pure-Python parser.
_PYYAML, _RUAMEL, _PURE = "pyyaml", "ruamel", "pure"
#: What PyYAML's parser raises on text it does not read (which ruamel's parsers then read).
_PYYAML_REFUSALS = (LibyamlRefusal, LibyamlReaderError, UnicodeError)


@functools.cache
def _parser_class(parser: str) -> Any:
    """The libyaml-based parser class of PyYAML or ruamel, or None where its C extension is not installed."""
    try:
        if parser == _PYYAML:
            from yaml._yaml import CParser
        else:
            from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # re-exported by ruamel
    except ImportError:
        return None
    return CParser


@dataclass(frozen=True, slots=True)
class _Kinds:
    """The event classes of one parser, and how an event's tag is read (what ``str`` makes the tag of)."""

    scalar: type
    mapping_start: type
    sequence_start: type
    mapping_end: type
    sequence_end: type
    alias: type
    document_start: type
    #: The events that may follow the root's value.
    after_root: frozenset[type]
    tag: Callable[[Any], Any]


_LIBYAML_KINDS = _Kinds(ScalarEvent, MappingStartEvent, SequenceStartEvent, MappingEndEvent, SequenceEndEvent,
                        AliasEvent, DocumentStartEvent,
                        frozenset((DocumentEndEvent, DocumentStartEvent, StreamEndEvent)), attrgetter("tag"))


class _Ruamel(NamedTuple):
    kinds: _Kinds
    errors: Any
    reader_error: type[Exception]


@functools.cache
def _ruamel() -> _Ruamel:
    """The event classes and errors of ruamel's parsers (imported when first needed: seldom)."""
    from ruamel.yaml import error, events, reader

    # ``ctag`` is what ``tag`` makes its string from, without the property's cost.
    kinds = _Kinds(events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent, events.MappingEndEvent,
                   events.SequenceEndEvent, events.AliasEvent, events.DocumentStartEvent,
                   frozenset((events.DocumentEndEvent, events.DocumentStartEvent, events.StreamEndEvent)),
                   attrgetter("ctag"))
    return _Ruamel(kinds, error, reader.ReaderError)


def _events(text: str, parser: str) -> tuple[Iterator[Any], _Kinds]:
    """The events of ``text`` from ``parser`` (the pure one where its C extension is missing), and their kinds."""
    parser_class = None if parser == _PURE else _parser_class(parser)
    if parser_class is None:
        if parser == _PYYAML:
            raise LibyamlRefusal(problem="PyYAML was built without libyaml")  # read with ruamel's parsers
        return _pure_events(text), _ruamel().kinds
    return _libyaml_events(parser_class(text)), _LIBYAML_KINDS if parser == _PYYAML else _ruamel().kinds


def _pure_events(text: str) -> Iterator[Any]:
    from ruamel.yaml import YAML

    # Through YAML.parse, which sets up the per-document state the parser records a %YAML or
    # %TAG directive in: taken on its own (get_constructor_parser), the parser raised IndexError
    # on every document with a directive.
    yield from YAML(typ="safe", pure=True).parse(text)


def _libyaml_events(parser: Any) -> Iterator[Any]:
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


#: How a plain scalar that is a number starts; most scalars start otherwise, and are words.
_NUMBER_START = frozenset("0123456789+-.")
#: The plain words that are not strings in the core schema (the empty scalar is null).
_WORDS: dict[str, Any] = {**_BOOL, **dict.fromkeys(_NULL_WORDS)}


def resolve_plain(value: str) -> Any:
    """The value of a plain (unquoted, untagged) scalar under the YAML 1.2 core schema."""
    if value[:1] not in _NUMBER_START:
        if value in _BOOL:
            return _BOOL[value]
        return None if _NULL.match(value) else value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10.match(value):
        return integer(value)
    if _INT8.match(value):
        return integer(value[2:], 8)
    if _INT16.match(value):
        return integer(value[2:], 16)
    if _FLOAT.match(value):
        return float(value)
    if _INF.match(value):
        return -math.inf if value.startswith("-") else math.inf
    if _NAN.match(value):
        return math.nan
    return value


def _scalar_value(event: Any, written_tag: Any, raw: str, style: str | None) -> Any:
    """The value of a scalar event whose text is ``raw`` and whose tag is ``written_tag`` (or None)."""
    tag = None if written_tag is None else str(written_tag)
    if tag and tag != "!":
        return _resolve_tagged(tag, raw)
    if style or (event.implicit and not event.implicit[0]):
        return raw
    return resolve_plain(raw)


def _resolve_tagged(tag: str, value: str) -> Any:
    """A scalar with an explicit core tag; anything unconvertible stays the string it is."""
    kind = tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else ""
    resolved = resolve_plain(value)
    if kind == "str":
        return value
    if kind == "int" and isinstance(resolved, int) and not isinstance(resolved, bool):
        return resolved
    if kind == "float" and isinstance(resolved, int | float) and not isinstance(resolved, bool):
        return float(resolved)
    if kind == "bool" and isinstance(resolved, bool):
        return resolved
    if kind == "null" and resolved is None:
        return None
    return value


class _Frame:
    __slots__ = ("anchor", "container", "end", "flow", "key", "key_start", "mapping", "merges", "start")

    def __init__(self, container: SourceMapping | SourceSequence, start: int, anchor: str | None,
                 flow: bool) -> None:
        self.container = container
        self.mapping = isinstance(container, SourceMapping)
        self.flow = flow
        self.start = start
        self.end = start
        self.anchor = anchor
        self.key: Any = _NO_KEY
        self.key_start = 0
        self.merges: list[SourceMapping] = []


_NO_KEY = object()
_MERGE = object()

#: libyaml spends time on every open flow collection for each token, which makes deep nesting
#: quadratic: 40,000 levels (80 kB) take 8 s, 160,000 would take two minutes. Deeper than this, the
#: reading stops with a finding where the limit is crossed (about 1.5 s of libyaml's time).
MAX_NESTING = 20_000
#: ruamel's pure parser spends time on every open flow collection for each event, which makes deep
#: flow nesting quadratic: 10,000 levels took 46 s. Beyond this depth, each event adds the excess to
#: a budget; past the budget (a second or two of such work) the pure parser gives up.
_PURE_FLOW_DEPTH = 64
_PURE_EXCESS_BUDGET = 100_000


class _TooDeepForPureParser(Exception):
    """The pure parser would take far too long on this text's flow nesting."""


def read_yaml(text: str) -> ReadResult:
    """Parse the first YAML document in ``text``. Never raises: problems are collected."""
    result = ReadResult()
    try:
        _build(text, result, _PYYAML)
    except _PYYAML_REFUSALS:
        return _read_after_refusal(text)
    return result


def _read_after_refusal(text: str) -> ReadResult:
    """Read ``text``, which PyYAML's libyaml refused, with ruamel's parsers."""
    errors, reader_error = _ruamel().errors, _ruamel().reader_error
    result = ReadResult()
    try:
        try:
            # ruamel's build of libyaml sets no limit to nesting: it reads what PyYAML's refuses
            # only for being nested more than 1,000 levels deep.
            _build(text, result, _RUAMEL)
        except errors.MarkedYAMLError as refused:
            # libyaml follows YAML 1.1 in places where 1.2 is more lenient; ruamel's own parser
            # follows 1.2, so it decides, at its slower speed, only for text libyaml refused.
            result = ReadResult()
            try:
                _build(text, result, _PURE)
            except errors.YAMLError:
                raise
            except Exception:  # noqa: BLE001 - the pure parser's own bugs on text libyaml refused anyway
                # ruamel's pure parser has raised IndexError and the like on malformed text, and
                # gives up on deep flow nesting (_TooDeepForPureParser); then libyaml's reason for
                # refusing the text is the one to report.
                raise refused from None
    except reader_error as error:
        # A character YAML does not allow anywhere (a control character, U+FFFE). The C reader
        # gives a byte offset and the pure one a character offset: find the character itself.
        found = re.search(_NON_PRINTABLE, text)
        offset = found.start() if found is not None else 0
        message = f"the character U+{ord(found.group()):04X} is not allowed in YAML" if found \
            else str(getattr(error, "reason", error))
        result.data = None
        result.problems.append(ReadProblem("syntax-error", message, offset, min(offset + 1, len(text)), True))
    except errors.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        offset = min(mark.index, len(text)) if mark is not None else 0
        message = error.problem or str(error)
        if error.context:
            message = f"{message} ({error.context})"
        result.data = None
        result.problems.append(ReadProblem("syntax-error", message, offset, min(offset + 1, len(text)), True))
    except errors.YAMLError as error:
        result.data = None
        result.problems.append(ReadProblem("syntax-error", str(error), 0, 0, True))
    return result


def has_libyaml() -> bool:
    """Whether PyYAML's libyaml-based parser is installed."""
    return _parser_class(_PYYAML) is not None


def read_yaml_with_libyaml(text: str) -> ReadResult | None:
    """Parse ``text`` as :func:`read_yaml` does when PyYAML's libyaml takes it; None where it does not."""
    result = ReadResult()
    try:
        _build(text, result, _PYYAML)
    except _PYYAML_REFUSALS:
        return None
    return result


def _build(text: str, result: ReadResult, parser: str) -> None:
    anchors: dict[str, Any] = {}
    stack: list[_Frame] = []
    documents = 0
    done = False
    surrogates = may_escape_surrogates(text)
    flow_depth = excess = 0

    def complete(value: Any, start: int, end: int, key_text: str | None = None) -> None:
        nonlocal done
        if not stack:
            result.data, result.root_start, result.root_end = value, start, end
            result.nodes += 1
            done = True
            return
        parent = stack[-1]
        parent.end = max(parent.end, end)
        container = parent.container
        if isinstance(container, SourceSequence):
            container.append_item(value, start, end)
            result.nodes += 1
            return
        if parent.key is _NO_KEY:
            if key_text is None:
                result.problems.append(ReadProblem(
                    "unsupported-key", "a mapping or sequence used as a key is not allowed in OpenAPI", start, end))
                parent.key = f"<complex key at offset {start}>"
            else:
                parent.key = _MERGE if key_text == "<<" else key_text
            parent.key_start = start
            return
        key, parent.key = parent.key, _NO_KEY
        if key is _MERGE:
            sources = value if isinstance(value, list) else [value]
            parent.merges.extend(source for source in sources if isinstance(source, SourceMapping))
            return
        result.nodes += 1
        if not container.set_member(key, value, parent.key_start, start, end):
            result.problems.append(_duplicate_key(key, parent.key_start))

    events, kinds = _events(text, parser)
    pure = parser == _PURE
    # Looked up once: the loop below runs for every event.
    scalar, mapping_start, sequence_start, mapping_end, sequence_end, alias, document_start, after_root, tag_of = (
        kinds.scalar, kinds.mapping_start, kinds.sequence_start, kinds.mapping_end, kinds.sequence_end, kinds.alias,
        kinds.document_start, kinds.after_root, kinds.tag)
    # The frame being filled, kept apart from the stack: most events are scalars going into it.
    frame: _Frame | None = None
    for event in events:
        kind = event.__class__
        if pure and flow_depth > _PURE_FLOW_DEPTH:
            excess += flow_depth - _PURE_FLOW_DEPTH
            if excess > _PURE_EXCESS_BUDGET:
                raise _TooDeepForPureParser
        if done and kind not in after_root:
            continue
        if kind is scalar:
            raw: str = event.value
            start = event.start_mark.index
            style = event.style
            if surrogates and style == '"':
                raw, problem = join_surrogates(raw)
                if problem is not None:  # no report quoting the string could be written: refused here
                    result.problems.append(ReadProblem("syntax-error", problem, start, event.end_mark.index, True))
                    result.data = None
                    return
            anchor = event.anchor
            if frame is not None and frame.mapping and frame.key is _NO_KEY:
                # A key is its text; only an alias of it needs its value. Where it ends does not
                # matter: its value, which ends its mapping's member, comes after it.
                if anchor:
                    anchors[anchor] = _scalar_value(event, tag_of(event), raw, style)
                frame.key = _MERGE if raw == "<<" else raw
                frame.key_start = start
                continue
            end = event.end_mark.index
            if style == "|" or style == ">":
                end = start + len(text[start:end].rstrip())
            value: Any
            tag = tag_of(event)
            if not style and tag is None and raw[:1] not in _NUMBER_START and event.implicit[0]:
                # Most values: a plain word, which is a string unless the core schema names it.
                value = _WORDS.get(raw, raw)
            else:
                value = _scalar_value(event, tag, raw, style)
            if anchor:
                anchors[anchor] = value
            if frame is None:
                complete(value, start, end)
                continue
            if end > frame.end:
                frame.end = end
            container = frame.container
            if isinstance(container, SourceSequence):
                container.append_item(value, start, end)
                result.nodes += 1
                continue
            key, frame.key = frame.key, _NO_KEY
            if key is _MERGE:
                continue  # a scalar merges nothing
            result.nodes += 1
            if key in container:
                container.set_member(key, value, frame.key_start, start, end)
                result.problems.append(_duplicate_key(key, frame.key_start))
            else:
                # set_member's work for a new key, without its call: this runs for most values.
                container[key] = value
                container.offsets += (frame.key_start, start, end)
        elif kind is mapping_start or kind is sequence_start:
            opened: SourceMapping | SourceSequence = SourceMapping() if kind is mapping_start else SourceSequence()
            if len(stack) >= MAX_NESTING:
                start = event.start_mark.index
                result.problems.append(ReadProblem(
                    "unreadable-file", f"collections are nested more than {MAX_NESTING:,} levels deep here; apilint "
                    "reads YAML no deeper (parsing it takes time that grows with the square of the depth)",
                    start, start + 1, True))
                result.data = None
                return
            frame = _Frame(opened, event.start_mark.index, event.anchor, bool(event.flow_style))
            stack.append(frame)
            if len(stack) > result.depth:
                result.depth = len(stack)
            flow_depth += frame.flow
            if event.anchor:
                anchors[event.anchor] = opened
                result.shared.add(id(opened))
        elif kind is mapping_end or kind is sequence_end:
            closed = stack.pop()
            frame = stack[-1] if stack else None
            flow_depth -= closed.flow
            # A flow collection ends at its closing bracket; a block one where its last value
            # ends, not where the parser noticed it had ended (after blank lines and comments).
            end = event.end_mark.index if closed.flow else closed.end
            if closed.merges and isinstance(closed.container, SourceMapping):
                _apply_merges(closed.container, closed.merges)
            complete(closed.container, closed.start, max(end, closed.start))
        elif kind is alias:
            start, end = event.start_mark.index, event.end_mark.index
            if event.anchor not in anchors:
                result.problems.append(ReadProblem(
                    "syntax-error", f"the alias *{event.anchor} names no anchor defined before it", start, end, True))
                result.data = None
                return
            target = anchors[event.anchor]
            key_text = target if isinstance(target, str) else None
            complete(target, start, end, key_text)
        elif kind is document_start:
            documents += 1
            if documents == 2:
                offset = event.start_mark.index
                result.problems.append(ReadProblem(
                    "multiple-documents",
                    "the file holds more than one YAML document; only the first is linted",
                    offset, offset + 3))
    if documents == 0:
        result.problems.append(ReadProblem("empty-document", "the file holds no YAML document", 0, 0, True))


def _duplicate_key(key: str, key_start: int) -> ReadProblem:
    return ReadProblem("duplicate-key", f"duplicate key {key!r}; the last value is used", key_start,
                       key_start + len(key))


def _apply_merges(target: SourceMapping, sources: list[SourceMapping]) -> None:
    # Keys written in the mapping itself win over merged ones, and earlier sources win
    # over later ones, as the merge-key specification says.
    for source in sources:
        for index, key in enumerate(source):
            if key not in target:
                key_start, value_start, value_end = source.offsets[3 * index : 3 * index + 3]
                target.set_member(key, source[key], key_start, value_start, value_end)
