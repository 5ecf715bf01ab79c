"""Where each requested output format goes: ``-f text -f sarif -o sarif=apilint.sarif``."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_FORMAT", "OutputTarget", "OutputTargetError", "plan_outputs"]

#: The format used when none is named.
DEFAULT_FORMAT = "text"


class OutputTargetError(ValueError):
    """The formats and outputs asked for do not fit together; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class OutputTarget:
    """One format, and the file it is written to (None: standard output)."""

    format: str
    path: Path | None


def plan_outputs(formats: Sequence[str], outputs: Sequence[str], known: Collection[str]) -> list[OutputTarget]:
    """Pair each format with its destination, in the order the formats were given.

    ``outputs`` are ``FILE`` (only when one format is asked for) or ``FORMAT=FILE``. At most
    one format goes to standard output, since two would interleave. Raises
    :class:`OutputTargetError` for an unknown format, a format named twice, an output for a
    format not asked for, or two formats written to one file.
    """
    chosen = list(formats) or [DEFAULT_FORMAT]
    for name in chosen:
        if name not in known:
            available = ", ".join(sorted(known)) or "none (no format plugin is loaded)"
            raise OutputTargetError(f"unknown format {name!r}; available formats: {available}")
    repeated = sorted({name for name in chosen if chosen.count(name) > 1})
    if repeated:
        raise OutputTargetError(f"format {repeated[0]!r} is given twice")
    destinations: dict[str, Path] = {}
    for given in outputs:
        name, separator, file = given.partition("=")
        if separator and name in known:
            if name not in chosen:
                raise OutputTargetError(f"--output {given}: {name!r} is not one of the formats asked for "
                                        f"({', '.join(chosen)}); add --format {name}")
            if not file:
                raise OutputTargetError(f"--output {given}: name the file to write {name} to")
        elif len(chosen) == 1:
            # A plain file name, which may itself contain '=': the one format goes there.
            name, file = chosen[0], given
        else:
            raise OutputTargetError(f"--output {given}: with several formats, say which one goes to the file, "
                                    f"e.g. --output {chosen[-1]}={given}")
        if name in destinations:
            raise OutputTargetError(f"format {name!r} is given two output files")
        destinations[name] = Path(file)
    by_file: dict[Path, str] = {}
    for name, path in destinations.items():
        other = by_file.setdefault(path.resolve(), name)
        if other != name:
            raise OutputTargetError(f"formats {other!r} and {name!r} would both write {path}")
    to_stdout = [name for name in chosen if name not in destinations]
    if len(to_stdout) > 1:
        raise OutputTargetError(f"formats {' and '.join(repr(name) for name in to_stdout)} would both write to "
                                f"standard output; give all but one a file, e.g. --output {to_stdout[-1]}=FILE")
    return [OutputTarget(name, destinations.get(name)) for name in chosen]
