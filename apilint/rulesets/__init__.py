"""Declarative rule sets in the Spectral ruleset format: reading them and what they contain."""

from __future__ import annotations

from apilint.rulesets.model import DeclarativeRule, Override, RulesetError, Then

__all__ = ["DeclarativeRule", "Override", "RulesetError", "Then"]
