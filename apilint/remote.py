"""Fetching a remote ``$ref`` target, which happens only when the user allows it."""

from __future__ import annotations

import urllib.error
import urllib.request

__all__ = ["fetch_remote"]


def fetch_remote(url: str, *, timeout: float, max_bytes: int) -> tuple[bytes, str | None]:
    """GET ``url`` with a timeout and a size cap. Returns (body, None) or (b"", why it failed)."""
    request = urllib.request.Request(url, headers={"User-Agent": "apilint", "Accept": "application/json, */*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read(max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return b"", f"could not be fetched: {reason}"
    if len(body) > max_bytes:
        return b"", f"is larger than the limit of {max_bytes:,} bytes (--max-file-size)"
    return body, None
