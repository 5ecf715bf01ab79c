"""What the readers share: reading a file's bytes, the result of reading a text, and the problems found on the way."""

from __future__ import annotations

import math
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from apilint.json_reader import JsonPositions

__all__ = ["NotReadable", "ReadProblem", "ReadResult", "integer", "join_surrogates", "may_escape_surrogates",
           "read_regular_file"]

_ESCAPED_SURROGATE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """Something wrong with the text itself, at a code-point offset.

    ``kind`` is the id of the core rule that reports it (``syntax-error``, ``duplicate-key`` ...).
    ``fatal`` problems leave no usable data.
    """

    kind: str
    message: str
    start: int
    end: int
    fatal: bool = False


@dataclass(slots=True)
class ReadResult:
    """Parsed data (positioned containers and scalars) and the problems met reading it.

    ``root_start``/``root_end`` are the offsets of the whole root value. ``shared`` holds the ids
    of the containers a YAML anchor names: aliases may make each appear at several places.
    ``nodes`` counts the values written (an alias once) and ``depth`` is how deeply containers
    are nested, as written.
    """

    data: Any = None
    root_start: int = 0
    root_end: int = 0
    problems: list[ReadProblem] = field(default_factory=list)
    shared: set[int] = field(default_factory=set)
    nodes: int = 0
    depth: int = 0
    #: Where the members of ``data`` are written, when its containers are plain ones (JSON read
    #: the fast way); else the containers carry their offsets.
    positions: JsonPositions | None = None

    @property
    def failed(self) -> bool:
        return any(problem.fatal for problem in self.problems)


def integer(digits: str, base: int = 10) -> int | float:
    """The integer ``digits`` spell in ``base``, or the double JavaScript reads for it if Python cannot print it.

    Python refuses to turn an integer of more than ``sys.get_int_max_str_digits()`` decimal digits
    (4,300 by default) into text or back, which reading, messages and reports all need: such a
    number once made apilint stop with an internal error. JavaScript, and so Spectral, reads every
    number as a double; a number that long becomes the nearest one, Infinity for all but a few.
    """
    limit = sys.get_int_max_str_digits()
    if base == 10:
        return float(digits) if limit and len(digits) > limit else int(digits)
    value = int(digits, base)  # no limit on power-of-two bases, but printing it in decimal has one
    if limit and value.bit_length() * math.log10(2) > limit - 1:
        return math.inf if value > 0 else -math.inf
    return value


def may_escape_surrogates(text: str) -> bool:
    """Whether ``text`` may spell a UTF-16 surrogate with an escape (``\\ud800``): the quick test first."""
    return _ESCAPED_SURROGATE.search(text) is not None


def join_surrogates(value: str) -> tuple[str, str | None]:
    """``value`` with each escaped UTF-16 surrogate pair made one character, and a problem if a half is left.

    A surrogate is half of a UTF-16 pair, not a character. JSON's and YAML's ``\\u`` escapes can
    spell a pair (``\\ud83d\\ude00``, one emoji), which JSON reads as one character and ruamel
    as two halves, or a half on its own, which a string cannot hold: written out as UTF-8 it
    fails, and so did every report that quoted it. Only escapes can produce one: decoding a
    file refuses them. The problem is what a ``syntax-error`` says about the string.
    """
    if _SURROGATE.search(value) is None:
        return value, None
    try:
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le"), None
    except UnicodeDecodeError as error:
        half = ord(value[error.start // 2])
        return value, (f"the string holds \\u{half:04x}, half of a UTF-16 surrogate pair, which is not a "
                       "character on its own")


class NotReadable(Exception):
    """Why a file was not read, said so that it follows the file's name ("is a directory, not a file")."""


def read_regular_file(path: os.PathLike[str] | str, limit: int, *, whole: bool = True) -> bytes:
    """The bytes of the regular file at ``path``: all, at most ``limit``, or (``whole`` false) its first ``limit``.

    Raises :class:`NotReadable` for anything else. The file is opened without blocking and checked
    before it is read: a named pipe called ``api.yaml`` once made apilint wait for a writer forever,
    and a device (a link to ``/dev/zero``) never ends, though both report a size of 0. What is read
    is bounded too, not only what ``stat`` said, so a file that grows meanwhile cannot exceed it.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        raise NotReadable("is a directory, not a file") from None
    except OSError as error:
        raise NotReadable(f"cannot be read: {error.strerror or error}") from None
    try:
        info = os.fstat(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise NotReadable("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable("is not a regular file (it is a pipe, a socket or a device)")
        if whole and info.st_size > limit:
            raise NotReadable(f"is {info.st_size:,} bytes, larger than the limit of {limit:,} (--max-file-size)")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1 if whole else limit)
    except OSError as error:
        raise NotReadable(f"cannot be read: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if len(raw) > limit:
        raise NotReadable(f"is larger than the limit of {limit:,} bytes (--max-file-size)")
    return raw
