"""Writing a report file whole or not at all."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: Path, content: str) -> None:
    """Write ``content`` (UTF-8, no BOM) to ``path`` through a temporary file and a rename.

    A failure at any point (a full disk, an interrupt) leaves ``path`` as it was and no
    temporary file behind. Raises ``OSError`` with the reason.
    """
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp makes the file private; a report gets the permissions any new file would.
        os.chmod(temporary, 0o666 & ~_umask())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _umask() -> int:
    # The umask can only be read by setting it; it is put back at once.
    current = os.umask(0o022)
    os.umask(current)
    return current
