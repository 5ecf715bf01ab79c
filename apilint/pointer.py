"""RFC 6901 JSON pointers: the address of every node a rule reports on."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote

__all__ = ["PointerChain", "chain_pointer", "decode_fragment", "join_key", "join_pointer", "pointer_tokens"]


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(base: str, *tokens: str | int) -> str:
    """Append ``tokens`` (keys or array indexes) to the pointer ``base``."""
    if not tokens:
        return base
    return base + "".join("/" + _escape(str(token)) for token in tokens)


def join_key(base: str, key: str) -> str:
    """``join_pointer(base, key)`` for one key that is a string, several times faster: for walks
    that make a pointer for every container they pass."""
    if "~" in key or "/" in key:
        return f"{base}/{_escape(key)}"
    return f"{base}/{key}"


def pointer_from_tokens(tokens: Iterable[str | int]) -> str:
    """Build a pointer from a path of keys and indexes, as validators report them."""
    return join_pointer("", *tokens)


def pointer_tokens(pointer: str) -> list[str]:
    """Split a pointer into its unescaped tokens; ``""`` is the root and has none.

    Raises ``ValueError`` for text that is not a pointer (it must be empty or start with ``/``).
    """
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"a JSON pointer must be empty or start with '/': {pointer!r}")
    return [_unescape(token) for token in pointer[1:].split("/")]


def decode_fragment(fragment: str) -> str:
    """Turn the fragment of a ``$ref`` (the part after ``#``) into a pointer.

    Fragments are URI-encoded, so ``%7B`` becomes ``{`` before the pointer is read.
    """
    return unquote(fragment)


#: The way from the root to a node, as (the parent's chain, key) pairs, None at the root: for walks
#: that need a node's pointer only now and then. Building every node's pointer as the walk goes
#: costs time and memory quadratic in the depth, which a document can make 10,000 levels or more.
PointerChain = tuple["PointerChain", str | int] | None


def chain_pointer(chain: PointerChain) -> str:
    """The pointer of the node at the end of ``chain``."""
    tokens: list[str | int] = []
    while chain is not None:
        chain, token = chain
        tokens.append(token)
    return join_pointer("", *reversed(tokens))

