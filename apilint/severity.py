"""How serious a finding is."""

from __future__ import annotations

import enum

__all__ = ["Severity"]


class Severity(enum.Enum):
    """The four levels a finding can have, most serious first.

    The names are the ones Spectral rulesets use, so a ruleset's ``severity: warn`` maps directly.
    """

    ERROR = "error"
    WARN = "warn"
    INFO = "info"
    HINT = "hint"

    @property
    def rank(self) -> int:
        """0 for the most serious level; sorting by rank puts errors first."""
        return _RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """True if this level is as serious as ``other`` or more."""
        return self.rank <= other.rank

    def noun(self, count: int) -> str:
        """How summaries count findings of this level: "1 error", "2 warnings"."""
        singular, plural = _NOUNS[self]
        return singular if count == 1 else plural

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read a level from configuration text; raises ``ValueError`` naming the allowed values."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            allowed = ", ".join(level.value for level in cls)
            raise ValueError(f"unknown severity {text!r}; expected one of: {allowed}") from None


_RANKS = {level: rank for rank, level in enumerate(Severity)}
_NOUNS = {
    Severity.ERROR: ("error", "errors"),
    Severity.WARN: ("warning", "warnings"),
    Severity.INFO: ("info", "infos"),
    Severity.HINT: ("hint", "hints"),
}
