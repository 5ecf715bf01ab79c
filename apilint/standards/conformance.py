"""A conformance report: for each clause of a standard, whether the linted documents meet it.

A clause is *failed* when one of its rules found something, *passed* when its rules ran and found
nothing, *not applicable* when none of its rules applies to the documents' OpenAPI versions (or all
are turned off), and *not checkable* when the standard's requirement cannot be checked from an API
description at all: those are listed so that a person knows what to show by other means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from apilint.findings import Finding
from apilint.rules import Rule
from apilint.standards.model import LEVELS, Clause, Standard

__all__ = ["ClauseResult", "ConformanceReport", "ConformanceReporter", "LevelTally", "Outcome",
           "build_conformance"]

Outcome = Literal["failed", "passed", "not-applicable", "not-checkable"]


@dataclass(frozen=True, slots=True)
class ClauseResult:
    """One clause, its outcome, the rules that checked it, and their findings."""

    clause: Clause
    outcome: Outcome
    rules: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class LevelTally:
    """For one normative level: how many clauses were checked, how many are met, how many cannot be checked."""

    level: str
    checked: int
    met: int
    not_checkable: int

    @property
    def headline(self) -> str:
        """``MUST clauses: 11 of 13 met``."""
        if not self.checked:
            return f"{self.level} clauses: none checked"
        return f"{self.level} clauses: {self.met} of {self.checked} met"


@dataclass(frozen=True, slots=True)
class ConformanceReport:
    """Everything a conformance format may show. ``documents`` are the linted files, as shown to the user."""

    standard: Standard
    results: tuple[ClauseResult, ...]
    documents: tuple[str, ...]
    tool_name: str
    tool_version: str

    @property
    def tallies(self) -> tuple[LevelTally, ...]:
        tallies = []
        for level in LEVELS:
            at_level = [result for result in self.results if result.clause.level == level]
            if not at_level:
                continue
            checked = [result for result in at_level if result.outcome in ("passed", "failed")]
            tallies.append(LevelTally(level, len(checked), sum(result.outcome == "passed" for result in checked),
                                      sum(result.outcome == "not-checkable" for result in at_level)))
        return tuple(tallies)

    @property
    def mandatory_met(self) -> bool:
        """No MUST or MUST NOT clause failed."""
        return not any(result.outcome == "failed" and result.clause.level in ("MUST", "MUST NOT")
                       for result in self.results)


class ConformanceReporter(Protocol):
    """A conformance report format, registered through ``apilint_register_conformance_reporters``."""

    #: The name users pass to ``apilint conformance --format``.
    name: str
    #: One line for ``--help`` and ``apilint plugins``.
    description: str

    def render(self, report: ConformanceReport) -> str:
        """The whole report, as text. It must not print or write files."""
        ...


def build_conformance(standard: Standard, rules: Mapping[str, Rule], findings: Sequence[Finding],
                      spec_formats: Sequence[str | None], documents: Sequence[str], tool_name: str = "apilint",
                      tool_version: str = "") -> ConformanceReport:
    """The report for ``standard``, given the rules that ran (by id) and their findings.

    ``spec_formats`` are the OpenAPI formats of the linted documents: a clause whose rules apply
    to none of them is not applicable.
    """
    results = []
    for clause in standard.clauses:
        # By clause alone: a standard's ruleset may take rules from others (the oas rules) for a clause.
        own = sorted(rule_id for rule_id, rule in rules.items() if rule.clause == clause.id)
        if clause.checkable == "no":
            results.append(ClauseResult(clause, "not-checkable", (), ()))
            continue
        applicable = [rule_id for rule_id in own if any(rules[rule_id].applies_to(fmt) for fmt in spec_formats)]
        failures = tuple(finding for finding in findings if finding.rule_id in applicable)
        outcome: Outcome = "not-applicable" if not applicable else ("failed" if failures else "passed")
        results.append(ClauseResult(clause, outcome, tuple(own), failures))
    return ConformanceReport(standard, tuple(results), tuple(documents), tool_name, tool_version)
