"""A rule: a check with the metadata that documents it.

Everything a user reads about a rule (``apilint rule ID``, the docs pages, SARIF's
rule entries) is generated from these fields, so they are written once, here.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

from apilint.severity import Severity

if TYPE_CHECKING:
    from apilint.findings import Violation
    from apilint.linting_context import RuleContext

__all__ = ["FORMATS", "Precision", "Rule", "RuleCheck", "rule"]

RuleCheck = Callable[["RuleContext"], Iterable["Violation"]]
Precision = Literal["very-high", "high", "medium", "low"]

#: The document formats a rule can be limited to, named as Spectral names them.
FORMATS = frozenset({"oas2", "oas3", "oas3_0", "oas3_1", "oas3_2"})

# Letters of both cases: Spectral's ids (``operation-operationId``) are kept as they are.
_RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9$._-]*(?::[A-Za-z0-9][A-Za-z0-9$._-]*)?$")


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's identity, documentation and check.

    ``check`` is None for the core's own rules, whose findings come from reading and
    resolving files rather than from a check. ``formats`` empty means every format.
    ``options`` are the settings a user may change in a configuration (``rules: {id: {options:
    ...}}``), with their defaults; the check reads the effective ones as ``context.options``.
    ``options_schema``, a JSON Schema (draft 2020-12), checks what users give; without one, a
    given value must have its default's type.
    """

    id: str
    severity: Severity
    summary: str
    description: str
    check: RuleCheck | None = None
    formats: frozenset[str] = frozenset()
    bad_example: str = ""
    good_example: str = ""
    documentation_url: str = ""
    clause: str | None = None
    recommended: bool = True
    precision: Precision = "very-high"
    tags: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    options_schema: Mapping[str, Any] | None = field(default=None, compare=False)
    source: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not _RULE_ID.match(self.id):
            raise ValueError(f"rule id {self.id!r} must be letters, digits and . _ - $, optionally prefixed "
                             "by 'ruleset:'")
        if not self.summary.strip():
            raise ValueError(f"rule {self.id!r} has no summary")
        unknown = self.formats - FORMATS
        if unknown:
            raise ValueError(f"rule {self.id!r} names unknown formats: {', '.join(sorted(unknown))}")

    def applies_to(self, spec_format: str | None) -> bool:
        """True if the rule should run on a document of ``spec_format`` (``oas3_1`` ...)."""
        if not self.formats:
            return True
        if spec_format is None:
            return False
        family = "oas2" if spec_format == "oas2" else "oas3"
        return spec_format in self.formats or family in self.formats

    def with_source(self, source: str) -> Rule:
        return replace(self, source=source)

    def with_options(self, given: Mapping[str, Any]) -> Rule:
        """The rule with ``given`` options over its defaults; raises ``ValueError`` naming a bad one."""
        unknown = sorted(set(given) - set(self.options))
        if unknown:
            known = ", ".join(sorted(self.options)) or "none"
            raise ValueError(f"rule '{self.id}' has no option '{unknown[0]}' (its options: {known})")
        merged = {**self.options, **given}
        if self.options_schema is not None:
            from jsonschema import Draft202012Validator  # only runs that configure options need it

            errors = sorted(Draft202012Validator(self.options_schema).iter_errors(merged),
                            key=lambda error: list(error.absolute_path))
            if errors:
                where = "/".join(str(step) for step in errors[0].absolute_path)
                raise ValueError(f"rule '{self.id}': invalid option{f' {where!r}' if where else 's'}: "
                                 f"{errors[0].message}")
        else:
            for name, value in given.items():
                default = self.options[name]
                expected = (int, float) if type(default) in (int, float) else (type(default),)
                if isinstance(value, bool) != isinstance(default, bool) or not isinstance(value, expected):
                    raise ValueError(f"rule '{self.id}': option '{name}' must be a {_type_name(default)}, "
                                     f"like its default {default!r}")
        return replace(self, options=MappingProxyType(merged))

    def help_text(self) -> str:
        """The rule's documentation as plain text."""
        parts = [self.summary, "", self.description]
        if self.bad_example:
            parts += ["", "Bad:", "", textwrap.indent(self.bad_example.rstrip(), "    ")]
        if self.good_example:
            parts += ["", "Good:", "", textwrap.indent(self.good_example.rstrip(), "    ")]
        if self.options:
            parts += ["", "Options (set in the configuration's 'rules'):", "",
                      *(f"    {name}: {json.dumps(value)}" for name, value in sorted(self.options.items()))]
        if self.clause:
            parts += ["", f"Standard clause: {self.clause}"]
        if self.documentation_url:
            parts += ["", f"More: {self.documentation_url}"]
        return "\n".join(parts).strip() + "\n"

    def help_markdown(self) -> str:
        """The rule's documentation as Markdown (SARIF ``help.markdown``, the docs pages)."""
        parts = [f"**{self.summary}**", "", self.description]
        if self.bad_example:
            parts += ["", "Bad:", "", "```yaml", self.bad_example.rstrip(), "```"]
        if self.good_example:
            parts += ["", "Good:", "", "```yaml", self.good_example.rstrip(), "```"]
        if self.options:
            parts += ["", "Options (set in the configuration's `rules`), with their defaults:", "",
                      *(f"- `{name}`: `{json.dumps(value)}`" for name, value in sorted(self.options.items()))]
        if self.clause:
            parts += ["", f"Standard clause: {self.clause}"]
        if self.documentation_url:
            parts += ["", f"[Documentation]({self.documentation_url})"]
        return "\n".join(parts).strip() + "\n"


def _type_name(value: Any) -> str:
    names = {bool: "boolean", int: "number", float: "number", str: "string", list: "list", dict: "mapping"}
    return names.get(type(value), type(value).__name__)


def rule(
    *,
    id: str,
    severity: Severity | str,
    summary: str,
    description: str,
    formats: Iterable[str] = (),
    bad_example: str = "",
    good_example: str = "",
    documentation_url: str = "",
    clause: str | None = None,
    recommended: bool = True,
    precision: Precision = "very-high",
    tags: Iterable[str] = (),
    options: Mapping[str, Any] | None = None,
    options_schema: Mapping[str, Any] | None = None,
) -> Callable[[RuleCheck], Rule]:
    """Declare a Python rule: decorate its check function with its metadata.

    The decorated name becomes the :class:`Rule`; register it from a plugin's
    ``apilint_register_rules`` hook. ``options`` names the settings users may change, with
    their defaults; the check reads the effective values from ``context.options``.
    """
    level = severity if isinstance(severity, Severity) else Severity.parse(severity)

    def decorate(check: RuleCheck) -> Rule:
        return Rule(
            id=id,
            severity=level,
            summary=summary.strip(),
            description=textwrap.dedent(description).strip(),
            check=check,
            formats=frozenset(formats),
            bad_example=textwrap.dedent(bad_example).strip("\n"),
            good_example=textwrap.dedent(good_example).strip("\n"),
            documentation_url=documentation_url,
            clause=clause,
            recommended=recommended,
            precision=precision,
            tags=tuple(tags),
            options=MappingProxyType(dict(options or {})),
            options_schema=options_schema,
        )

    return decorate
