"""The core's own rules: problems met while reading files and resolving references.

They are registered through the same hook as every other rule, so they can be listed,
documented, configured and reported like any rule; no check function runs for them.
"""

from __future__ import annotations

from collections.abc import Callable

from apilint.hookspecs import hookimpl
from apilint.rules import Rule
from apilint.severity import Severity

__all__ = ["CORE_RULES", "apilint_register_rules"]


def _core(rule_id: str, severity: Severity, summary: str, description: str,
          bad: str = "", good: str = "") -> Rule:
    return Rule(id=rule_id, severity=severity, summary=summary, description=description,
                bad_example=bad, good_example=good, tags=("core",))


CORE_RULES: tuple[Rule, ...] = (
    _core("syntax-error", Severity.ERROR, "The file must be well-formed YAML or JSON.",
          "A file that does not parse cannot be linted; every other rule is skipped for it.",
          bad="info:\n  title: [unclosed\n", good="info:\n  title: Pets\n"),
    _core("duplicate-key", Severity.ERROR, "A mapping must not repeat a key.",
          "YAML and JSON parsers disagree on which of two equal keys wins, so a repeated key "
          "means different tools read different documents.",
          bad="info:\n  title: Pets\n  title: Animals\n", good="info:\n  title: Pets\n"),
    _core("invalid-encoding", Severity.ERROR, "The file must be UTF-8 text (or UTF-16/32 with a BOM).",
          "Bytes that are not valid text usually mean a binary file or a wrong editor setting."),
    _core("empty-document", Severity.ERROR, "The file must hold a document.",
          "An empty file, or one with only comments, describes no API."),
    _core("unreadable-file", Severity.ERROR, "A file named or referenced must be readable.",
          "The file is a directory, a pipe or a device, larger than --max-file-size, YAML nested more "
          "than 20,000 levels deep, or could not be opened; it is not read (docs/security.md)."),
    _core("multiple-documents", Severity.WARN, "A file should hold one YAML document.",
          "OpenAPI tools read only the first document of a multi-document YAML stream; the "
          "others are silently ignored by them.",
          bad="openapi: 3.1.0\n---\ninfo: {}\n", good="openapi: 3.1.0\ninfo: {}\n"),
    _core("unsupported-key", Severity.ERROR, "Mapping keys must be plain scalars.",
          "JSON and OpenAPI allow only string keys; a YAML key that is itself a mapping or "
          "sequence has no JSON equivalent.", bad="? [a, b]\n: 1\n", good="a-b: 1\n"),
    _core("unknown-openapi-version", Severity.ERROR,
          "The document must declare an OpenAPI version apilint knows: 2.0, 3.0.x, 3.1.x or 3.2.x.",
          "Validation and every version-specific rule depend on the declared version; with an "
          "unknown one they cannot run.", bad="openapi: 4.0.0\n", good="openapi: 3.1.0\n"),
    _core("invalid-ref", Severity.ERROR, "Every $ref must resolve.",
          "A reference to a missing file or to a pointer with nothing behind it leaves a hole "
          "in the description that tools fill differently or not at all. So do references that "
          "lead from one to the next and back without ever reaching a value (A refers to B, B to "
          "A); each reference of such a loop is reported.",
          bad="schema:\n  $ref: '#/components/schemas/Missing'\n",
          good="schema:\n  $ref: '#/components/schemas/Pet'\n"),
    _core("invalid-suppression", Severity.ERROR,
          "An x-apilint-ignore entry or an apilint-ignore comment must give a reason (and a valid date).",
          "A suppression is a decision someone will have to revisit; without a reason nobody can tell "
          "whether it still holds. It suppresses nothing until it is fixed.",
          bad="get:\n  x-apilint-ignore:\n    operation-description: ''\n",
          good="get:\n  x-apilint-ignore:\n    operation-description: Internal health check, not documented\n"),
    _core("unused-suppression", Severity.WARN, "A suppression should silence a finding.",
          "A suppression whose rule finds nothing there any more is left over; removing it keeps "
          "suppressions meaningful. Only rules that ran are considered."),
    _core("expired-suppression", Severity.WARN, "A suppression must not be past its 'until' date.",
          "A suppression with an end date stops working on that date, so that temporary exceptions "
          "do not become permanent; the finding it silenced is reported again.",
          bad="x-apilint-ignore:\n  operation-tags: {reason: Until the migration, until: 2024-01-31}\n"),
    _core("pattern-timeout", Severity.WARN, "A rule's regular expression must finish on every value it tests.",
          "A pattern with nested repetition can take exponential time on some text (catastrophic backtracking). "
          "Each match may run for one second; a rule whose pattern runs longer is stopped for the rest of the "
          "document, and this finding says where, so that the run ends and the unchecked part is known. Rewrite "
          "the pattern without nested or overlapping repetition.",
          bad="pattern: '^(a|aa)+$'\n", good="pattern: '^a+$'\n"),
    _core("ref-not-followed", Severity.WARN, "A $ref was not followed because of the run's safety settings.",
          "References to files outside the project root and to remote URLs are not followed "
          "unless the run allows it (--root, --allow-remote-refs); what they point to is not linted. "
          "Nor are references to files on other machines (//host/api.yaml, file://host/...)."),
)


@hookimpl
def apilint_register_rules(register: Callable[[Rule], None]) -> None:
    for core_rule in CORE_RULES:
        register(core_rule)
