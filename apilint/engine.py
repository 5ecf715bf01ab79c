"""Running rules over documents and turning what they yield into located findings."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection
from pathlib import Path

from apilint.document import Document
from apilint.findings import Finding, ToolError, Violation, fingerprint
from apilint.forked_call import can_fork
from apilint.index import DocumentIndex
from apilint.js_regex import PatternTimeout
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import Rule
from apilint.selection import RuleSelection
from apilint.severity import Severity
from apilint.sourcemap import TextRange
from apilint.suppressions import Suppression, read_suppressions
from apilint.time_limits import DEFAULT_RULE_TIME_LIMIT, TimeLimitExceeded, TimeLimits
from apilint.workspace import RefError, Workspace

__all__ = ["PARALLEL_FROM_CHARACTERS", "SUPPRESSION_RULES", "Linter"]

#: How large a document must be (in characters) for its declarative rules to run in two processes.
PARALLEL_FROM_CHARACTERS = 1_000_000

#: The core rules about suppressions themselves, which no suppression can silence.
SUPPRESSION_RULES = frozenset({"invalid-suppression", "unused-suppression", "expired-suppression"})


class Linter:
    """Lints root documents one after another, collecting findings and tool errors.

    Files shared by several roots (through ``$ref``) are checked once, and a finding is
    reported once however many roots lead to it.
    """

    def __init__(self, workspace: Workspace, srcroot: Path, today: datetime.date | None = None,
                 rule_time_limit: float | None = DEFAULT_RULE_TIME_LIMIT, *, in_parallel: bool = False) -> None:
        self.workspace = workspace
        #: Whether the declarative rules of a large document may run in two processes at once.
        self.in_parallel = in_parallel and can_fork()
        #: How long a Python rule may take on a document, or a function on a value, before it is stopped.
        self.time_limits = TimeLimits(rule_time_limit)
        self.srcroot = srcroot
        self.today = today or datetime.date.today()
        self._findings: dict[tuple[str, str, str, int, int], Finding] = {}
        #: Findings a suppression in the document silenced, with its reason.
        self._suppressed: dict[tuple[str, str, str, int, int], tuple[Finding, str]] = {}
        self._suppressions: dict[str, list[Suppression]] = {}
        self.tool_errors: list[ToolError] = []
        self._walked: set[str] = set()
        #: Root documents, read even when they do not parse (then they are not walked).
        self._roots: set[str] = set()
        self._index_cache: dict[str, DocumentIndex] = {}
        self._references: dict[str, frozenset[tuple[str, str]]] = {}
        #: Every rule that ran on some document, by id, for reports that list rules.
        self.rules_run: dict[str, Rule] = {}
        self._selection = RuleSelection(rules={})

    # -- results

    @property
    def findings(self) -> list[Finding]:
        return sorted(self._findings.values(), key=lambda finding: finding.sort_key)

    @property
    def suppressed(self) -> list[tuple[Finding, str]]:
        """The findings suppressions silenced, each with the suppression's reason, sorted."""
        return sorted(self._suppressed.values(), key=lambda item: item[0].sort_key)

    @property
    def files_read(self) -> frozenset[str]:
        """The URIs of every document linted or reached through ``$ref``."""
        return frozenset(self._walked | self._roots)

    def finish(self, rule_ids: Collection[str] | None = None) -> None:
        """Report the suppressions that expired or silenced nothing, once every document is linted.

        A suppression silences nothing only if its rule ran: on one of this linter's documents, or
        on any of ``rule_ids`` when the run's documents are shared among several linters.
        """
        ran = self.rules_run if rule_ids is None else rule_ids
        for uri in sorted(self._walked):  # documents without any finding have suppressions too
            walked = self.workspace.document(uri)
            if walked is not None:
                self._suppressions_of(walked)
        for uri, suppressions in self._suppressions.items():
            document = self.workspace.document(uri)
            if document is None:
                continue
            for suppression in suppressions:
                if suppression.expired(self.today):
                    self._add("expired-suppression", document, suppression.pointer,
                              f"the suppression of {suppression.rule_id} expired on {suppression.until}; fix the "
                              f"finding or renew the suppression (reason given: {suppression.reason})")
                elif not suppression.used and suppression.rule_id in ran:
                    self._add("unused-suppression", document, suppression.pointer,
                              f"{suppression.rule_id} reports nothing here; remove the suppression")

    def _suppressions_of(self, document: Document) -> list[Suppression]:
        found = self._suppressions.get(document.uri)
        if found is None:
            found, problems = read_suppressions(document)
            # The most specific suppression answers for a finding: a comment on its line, then the
            # innermost object; outer ones it makes redundant are then reported as unused.
            found.sort(key=lambda item: (item.line is None, -len(item.scope or "")))
            self._suppressions[document.uri] = found
            for problem in problems:
                self._add("invalid-suppression", document, problem.pointer, problem.message)
        return found

    # -- linting

    def lint(self, document: Document, selection: RuleSelection) -> None:
        """Lint one root document with ``selection``: its text, what it references, and every rule."""
        self._selection = selection
        self._roots.add(document.uri)
        self.rules_run.update(selection.rules)
        self._report_read_problems(document)
        if not document.parsed:
            return
        if document.spec_format is None:
            key = "swagger" if isinstance(document.data, dict) and "swagger" in document.data else "openapi"
            self._add("unknown-openapi-version", document, f"/{key}",
                      f"'{document.declared_version}' is not an OpenAPI version apilint knows "
                      "(2.0, 3.0.x, 3.1.x, 3.2.x); rules were not run")
            return
        with self.time_limits.installed():
            if selection.declarative:
                # Where the declarative rules run in two processes, the other starts on them while
                # this one checks the references and runs the Python rules.
                self._run_declarative(document, selection, first=lambda: self._run_python(document, selection))
            else:
                self._run_python(document, selection)

    def _run_python(self, document: Document, selection: RuleSelection) -> None:
        """The references' checks, then the rules written in Python."""
        self._check_references(document)
        for rule in selection.rules.values():
            if rule.check is not None and rule.applies_to(document.spec_format):
                self._run(rule, document)

    def _run_declarative(self, document: Document, selection: RuleSelection, first: Callable[[], None]) -> None:
        selection.runner.run(
            document, self.workspace,
            report=lambda rule, violation: self._add(rule.rule.id, violation.document or document,
                                                     violation.pointer, violation.message, violation.severity),
            fail=lambda rule, what: self._tool_error(rule.rule, document, f"{what} ({rule.origin})"),
            references=lambda: self.references(document),
            cut_short=lambda rule, violation: self._add("pattern-timeout", violation.document or document,
                                                        violation.pointer, violation.message),
            time_limits=self.time_limits,
            # Below this size the second process costs more than it saves.
            in_parallel=self.in_parallel and len(document.text) >= PARALLEL_FROM_CHARACTERS,
            first=first,
        )

    def references(self, root: Document) -> frozenset[tuple[str, str]]:
        """Every ``(document uri, pointer)`` that a ``$ref`` reachable from ``root`` points to."""
        cached = self._references.get(root.uri)
        if cached is None:
            targets: set[tuple[str, str]] = set()
            pending, seen = [root], {root.uri}
            while pending:
                document = pending.pop()
                if not document.parsed:
                    continue
                for _, ref in document.reference_sites:
                    if not isinstance(ref, str):
                        continue
                    target = self.workspace.resolve(document, ref)
                    if isinstance(target, RefError):
                        continue
                    targets.add((target.document.uri, target.pointer))
                    if target.document.uri not in seen:
                        seen.add(target.document.uri)
                        pending.append(target.document)
            cached = self._references[root.uri] = frozenset(targets)
        return cached

    def _run(self, rule: Rule, document: Document) -> None:
        context = RuleContext(document, self.workspace, rule, self._index_cache)
        try:
            # Everything is collected under the time limit and recorded after it, so that the limit
            # interrupts the rule and never this linter's own bookkeeping.
            with self.time_limits.limit():
                # Typed as objects: a plugin's rule may yield anything, and must be checked.
                violations: list[object] = list(rule.check(context)) if rule.check else []
        except TimeLimitExceeded:
            self._tool_error(rule, document, f"took longer than {self.time_limits.seconds:g} s and was stopped")
            return
        except PatternTimeout as timeout:
            # A Python rule does not say which value it was testing: the finding is on the document.
            self._add("pattern-timeout", document, "", f"rule {rule.id} stopped: {timeout}, so it was not run "
                      "on the rest of the document")
            return  # nothing was collected, so there is nothing to record
        except Exception as error:  # noqa: BLE001 - a failing rule must not stop the others
            self._tool_error(rule, document, f"raised {type(error).__name__}: {error}")
            return
        for violation in violations:
            if not isinstance(violation, Violation):
                self._tool_error(rule, document, f"yielded {type(violation).__name__}, not a Violation")
                return
            self._add(rule.id, violation.document or document, violation.pointer, violation.message,
                      violation.severity)

    def _tool_error(self, rule: Rule, document: Document, what: str) -> None:
        plugin = rule.source or "a ruleset"
        self.tool_errors.append(ToolError(f"rule {rule.id} (from {plugin}) {what} while linting {document.path}",
                                          plugin=rule.source or None, rule_id=rule.id, path=document.path))

    # -- the core's own checks

    def _report_read_problems(self, document: Document) -> None:
        for problem in document.problems:
            pointer = document.pointer_at(problem.start) if document.parsed else ""
            self._add_at(problem.kind, document, pointer, TextRange(problem.start, problem.end), problem.message)

    def _check_references(self, root: Document) -> None:
        pending = [root]
        while pending:
            document = pending.pop()
            if document.uri in self._walked:
                continue
            self._walked.add(document.uri)
            if document is not root:
                self._report_read_problems(document)
            if not document.parsed:
                continue
            # Malformed ones too: a $ref that is a number or a list is a broken reference, whatever rules run.
            for pointer, ref in document.reference_sites:
                target = self.workspace.resolve(document, ref)
                if isinstance(target, RefError):
                    self._add(target.kind, document, join_pointer(pointer, "$ref"), target.message)
                    if target.document is not None and target.document.uri not in self._walked:
                        pending.append(target.document)
                    continue
                if isinstance(target.value, dict) and "$ref" in target.value:
                    loop = self.workspace.reference_loop(document, pointer)
                    if loop is not None:
                        self._add("invalid-ref", document, join_pointer(pointer, "$ref"),
                                  f"'{ref}' never leads to a value: the references go round in a loop "
                                  f"({_loop_text(document, loop)})")
                if target.document is not document and target.document.uri not in self._walked:
                    pending.append(target.document)

    # -- findings

    def _add(self, rule_id: str, document: Document, pointer: str, message: str,
             severity: Severity | None = None) -> None:
        # A finding points at a node that is written: one about a missing property points at
        # the object that lacks it, as the message says what is missing.
        text_range, located = document.locate(pointer)
        self._add_at(rule_id, document, located, text_range, message, severity)

    def _add_at(self, rule_id: str, document: Document, pointer: str, text_range: TextRange, message: str,
                severity: Severity | None = None) -> None:
        rule = self._selection.rules.get(rule_id)
        if rule is None:  # a rule the user turned off
            return
        # By place in the file, not by pointer: a node shared through a YAML alias has several
        # pointers but is written, and reported, once.
        key = (rule_id, document.uri, message, text_range.start, text_range.end)
        if key in self._findings or key in self._suppressed:
            return
        local = document.local_path
        effective = self._selection.severity(rule_id, local.as_posix() if local else document.path, pointer)
        if effective is None:  # turned off for this file or node by an override
            return
        repo_path = self._repo_path(document)
        finding = Finding(
            rule_id=rule_id,
            severity=severity or effective,
            message=message,
            path=document.path,
            uri=document.uri,
            pointer=pointer,
            span=document.span_of(text_range),
            clause=rule.clause,
            fingerprint=fingerprint(rule_id, repo_path, pointer, message),
        )
        if rule_id not in SUPPRESSION_RULES:
            for suppression in self._suppressions_of(document):
                if suppression.rule_id == rule_id and not suppression.expired(self.today) \
                        and suppression.covers(pointer, finding.span.start_line):
                    suppression.used = True
                    self._suppressed[key] = (finding, suppression.reason)
                    return
        self._findings[key] = finding

    def _repo_path(self, document: Document) -> str:
        prefix = self.srcroot.as_uri().rstrip("/") + "/"
        return document.uri[len(prefix):] if document.uri.startswith(prefix) else document.uri


def _loop_text(document: Document, loop: tuple[tuple[tuple[Document, str], ...], int]) -> str:
    """The objects of a reference loop, from ``document``'s one back to it: ``#/a -> other.yaml#/b -> #/a``."""
    members, turn = loop
    names = [("" if member is document else member.path) + "#" + pointer
             for member, pointer in (*members[turn:], *members[:turn])]
    return " -> ".join([*names, names[0]])
