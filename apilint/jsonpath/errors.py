"""The one exception a JSONPath in a ruleset can raise while it is being compiled."""

from __future__ import annotations

__all__ = ["JsonPathError"]


class JsonPathError(ValueError):
    """A path (or a filter expression inside it) that apilint cannot compile.

    ``position`` is the 0-based character offset in ``text`` where the problem was found,
    so a ruleset diagnostic can point at it.
    """

    def __init__(self, message: str, position: int, text: str = "") -> None:
        self.message = message
        self.position = position
        self.text = text
        super().__init__(str(self))

    def __str__(self) -> str:
        if not self.text:
            return f"{self.message} (at character {self.position})"
        return f"{self.message} (at character {self.position} of {self.text!r})"

    def within(self, text: str) -> JsonPathError:
        """The same error, reported against the whole path ``text``."""
        return JsonPathError(self.message, self.position, text)
