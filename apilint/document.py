"""One file, read: its text, its data, and the way from a JSON pointer to its source span."""

from __future__ import annotations

import codecs
import gc
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from apilint.json_reader import JsonPositions, read_json
from apilint.pointer import pointer_tokens
from apilint.reading import ReadProblem, ReadResult
from apilint.reference_sites import ReferenceScan, walk_references
from apilint.sourcemap import LineIndex, SourceMapping, SourceSequence, Span, TextRange
from apilint.yaml_in_parts import read_in_parts
from apilint.yaml_reader import read_yaml

__all__ = ["Document", "decode_source", "read_document"]

_OPENAPI_VERSION = re.compile(r"^(\d+)\.(\d+)(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?$")
#: Formats apilint can validate, by OpenAPI major.minor.
_FORMATS = {"2.0": "oas2", "3.0": "oas3_0", "3.1": "oas3_1", "3.2": "oas3_2"}
_NO_DATA = object()
# UTF-32 first: its little-endian BOM starts with UTF-16's.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(eq=False)
class Document:
    """A file that was read, whether or not it parsed.

    ``uri`` is the absolute ``file://`` URI (or ``stdin:`` name) that identifies the file;
    ``path`` is how it is shown to people. ``data`` is None when the file did not parse.
    ``shared`` holds the ids of the containers in ``data`` that YAML anchors name, which aliases
    may make appear at several places (walkers use it to walk each of them once). ``nodes`` and
    ``depth`` say how large the data is as written.
    """

    uri: str
    path: str
    text: str
    data: Any
    problems: list[ReadProblem] = field(default_factory=list)
    root_range: TextRange = field(default_factory=lambda: TextRange(0, 0))
    shared: frozenset[int] = frozenset()
    #: The values written in the file (an alias once), and how deeply its containers are nested.
    nodes: int = 0
    depth: int = 0
    #: Where the members of plain containers are written (JSON read the fast way); None when
    #: the containers carry their own offsets.
    positions: JsonPositions | None = None

    @classmethod
    def of(cls, uri: str, path: str, text: str, result: ReadResult) -> Document:
        """The document a reader's ``result`` for ``text`` makes."""
        return cls(uri, path, text, result.data, result.problems, TextRange(result.root_start, result.root_end),
                   frozenset(result.shared), result.nodes, result.depth, result.positions)

    @cached_property
    def local_path(self) -> Path | None:
        """The file's path on this machine, or None for standard input and remote documents."""
        if not self.uri.startswith("file:"):
            return None
        return Path(unquote(urlsplit(self.uri).path))

    @property
    def parsed(self) -> bool:
        return not any(problem.fatal for problem in self.problems)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def _references(self) -> ReferenceScan:
        # Only a YAML anchor puts a container at two places.
        return walk_references(self.data, tree=not self.shared)

    @property
    def reference_sites(self) -> tuple[tuple[str, Any], ...]:
        """``(pointer of the object holding $ref, its $ref)`` for every reference written in the file,
        malformed ones (a ``$ref`` that is not a string) included; found once, for every rule and check
        that needs them."""
        return self._references.sites

    @property
    def containers_with_refs(self) -> frozenset[int]:
        """The ids of the containers of ``data`` with a string ``$ref`` at or below them, outside
        literal data (examples, enums): the ones a resolved view of the document must copy."""
        return self._references.containers_with_refs

    # -- what kind of document this is

    @property
    def is_openapi(self) -> bool:
        """True if the root is a mapping with an ``openapi`` or ``swagger`` key."""
        return isinstance(self.data, dict) and ("openapi" in self.data or "swagger" in self.data)

    @cached_property
    def declared_version(self) -> str | None:
        """The version text the document declares (``openapi`` or ``swagger``), if any."""
        if not isinstance(self.data, dict):
            return None
        for key in ("openapi", "swagger"):
            if key in self.data:
                value = self.data[key]
                return value if isinstance(value, str) else str(value)
        return None

    @cached_property
    def spec_format(self) -> str | None:
        """``oas2``, ``oas3_0``, ``oas3_1`` or ``oas3_2``; None if the version is unknown."""
        version = self.declared_version
        if version is None:
            return None
        match = _OPENAPI_VERSION.match(version)
        if not match:
            return None
        major_minor = f"{match.group(1)}.{match.group(2)}"
        key = "swagger" if "swagger" in self.data else "openapi"
        if (key == "swagger") != (major_minor == "2.0"):
            return None
        return _FORMATS.get(major_minor)

    # -- nodes and positions

    def node(self, pointer: str, default: Any = _NO_DATA) -> Any:
        """The value at ``pointer``; raises ``KeyError`` if there is none and no default is given."""
        current = self.data
        try:
            for token in pointer_tokens(pointer):
                if isinstance(current, dict):
                    current = current[token]
                elif isinstance(current, list) and token.isdigit():
                    current = current[int(token)]
                else:
                    raise KeyError(token)
        except (KeyError, IndexError, ValueError):
            if default is _NO_DATA:
                raise KeyError(pointer) from None
            return default
        return current

    def locate(self, pointer: str) -> tuple[TextRange, str]:
        """The text range of the node at ``pointer`` and the pointer actually located.

        For a mapping member the range runs from its key to the end of its value. When the
        pointer names something that is not written in the file (a missing property), the
        nearest ancestor that is written is located instead, and its pointer returned.
        """
        current: Any = self.data
        text_range = self.root_range
        located = ""
        try:
            tokens = pointer_tokens(pointer)
        except ValueError:
            return text_range, located
        positions = self.positions
        for token in tokens:
            member: tuple[int, ...] | None = None
            if isinstance(current, dict):
                member = current.member_range(token) if isinstance(current, SourceMapping) \
                    else positions.member_range(current, token) if positions is not None else None
                if member is not None:
                    text_range = TextRange(member[0], member[2])
                    current = current[token]
            elif isinstance(current, list) and token.isdigit():
                member = current.item_range(int(token)) if isinstance(current, SourceSequence) \
                    else positions.item_range(current, int(token)) if positions is not None else None
                if member is not None:
                    text_range = TextRange(member[0], member[1])
                    current = current[int(token)]
            if member is None:
                break
            located = f"{located}/{token.replace('~', '~0').replace('/', '~1')}"
        return text_range, located

    def pointer_at(self, offset: int) -> str:
        """The pointer of the innermost node written at ``offset`` (for problems found by offset)."""
        current: Any = self.data
        tokens: list[str] = []
        while True:
            step: tuple[str, Any] | None = None
            offsets = self._offsets(current)
            if offsets is not None and isinstance(current, dict):
                for index, key in enumerate(current):
                    start, end = offsets[3 * index], offsets[3 * index + 2]
                    if start <= offset < max(end, start + 1):
                        step = key, current[key]
                        break
            elif offsets is not None and isinstance(current, list):
                for index, item in enumerate(current):
                    start, end = offsets[2 * index], offsets[2 * index + 1]
                    if start <= offset < max(end, start + 1):
                        step = str(index), item
                        break
            if step is None:
                return "".join("/" + token.replace("~", "~0").replace("/", "~1") for token in tokens)
            tokens.append(step[0])
            current = step[1]

    def _offsets(self, container: Any) -> list[int] | None:
        if isinstance(container, SourceMapping | SourceSequence):
            return container.offsets
        if self.positions is not None and isinstance(container, dict | list):
            return self.positions.offsets(container)
        return None

    def span(self, pointer: str) -> Span:
        """Where the node at ``pointer`` (or its nearest written ancestor) is, 1-based."""
        return self.lines.span(self.locate(pointer)[0])

    def span_of(self, text_range: TextRange) -> Span:
        return self.lines.span(text_range)


def decode_source(raw: bytes) -> tuple[str, ReadProblem | None]:
    """Decode a file's bytes: UTF-8 (with or without a BOM), or UTF-16/32 with a BOM.

    Returns the text without its BOM. Undecodable bytes give a fatal problem located at
    the first bad byte's character offset.
    """
    encoding = next((name for bom, name in _BOMS if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        good = raw[: error.start].decode(encoding, errors="replace")
        offset = len(good.lstrip("\ufeff"))
        problem = ReadProblem(
            "invalid-encoding",
            f"the file is not valid {encoding.upper().replace('-SIG', '')}: byte 0x{raw[error.start]:02x} "
            f"at byte offset {error.start} cannot be decoded",
            offset, offset, True,
        )
        return good.lstrip("\ufeff"), problem
    text = text.lstrip("\ufeff") if encoding != "utf-8-sig" else text
    if "\x00" in text:
        offset = text.index("\x00")
        return text, ReadProblem("invalid-encoding", "the file contains a NUL character; it is not a text file",
                                 offset, offset + 1, True)
    return text, None


def _looks_like_json(text: str, name: str) -> bool:
    if name.lower().endswith(".json"):
        return True
    stripped = text.lstrip()
    return stripped.startswith("{") or stripped.startswith("[")


def read_document(uri: str, path: str, raw: bytes, *, in_parallel: bool = False) -> Document:
    """Read a file's bytes into a :class:`Document`. Never raises for bad content.

    ``in_parallel``: a large YAML file may be read in two processes (:mod:`apilint.yaml_in_parts`).
    """
    # Parsing creates many containers and no garbage cycles; pausing the cyclic collector
    # meanwhile saves it from traversing the growing document again and again. Afterwards the
    # document is frozen out of the collector's reach: it lives until the run is done, and each
    # full collection while rules run would otherwise walk all of it (a tenth of a second on a
    # large description). Frozen objects are still freed when nothing refers to them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(uri, path, raw, in_parallel)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _read(uri: str, path: str, raw: bytes, in_parallel: bool) -> Document:
    text, problem = decode_source(raw)
    if problem is not None:
        return Document(uri, path, text, None, [problem])
    if not text.strip():
        return Document(uri, path, text, None,
                        [ReadProblem("empty-document", "the file is empty", 0, 0, True)])
    result: ReadResult
    if _looks_like_json(text, path):
        result = read_json(text)
        if result.failed and not path.lower().endswith(".json"):
            # Flow-style YAML looks like JSON; YAML is a superset, so give it a chance.
            yaml_result = read_yaml(text)
            if not yaml_result.failed:
                result = yaml_result
    else:
        in_parts = read_in_parts(text) if in_parallel else None
        result = in_parts if in_parts is not None else read_yaml(text)
    return Document.of(uri, path, text, result)
