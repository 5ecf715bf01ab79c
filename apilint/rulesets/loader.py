"""Reading a ruleset file, with what it extends, into rules, severities and overrides.

The format is Spectral's (YAML or JSON). The semantics follow Spectral's, in particular:

* an extended ruleset is taken with a mode — ``recommended`` (the default), ``all`` or
  ``off`` — that decides which of the rules it defines itself are on;
* in ``rules``, ``id: true|false`` turns an existing rule on or off, ``id: <severity>``
  sets its severity (``off`` turns it off), and a mapping defines a rule or, for an
  existing one, replaces the fields it names and turns it on;
* a rule defined with ``recommended: false`` is off unless the mode is ``all`` or it is
  turned on by name;
* a rule without ``formats`` takes its ruleset's, and a ruleset ``documentationUrl`` gives
  ``<url>#<rule-id>`` to rules that have none;
* ``overrides`` are read from the ruleset named on the command line only.

Anything apilint cannot run — JavaScript rulesets and functions, unknown functions,
invalid JSONPaths, remote or npm rulesets — is refused with the file and line.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from apilint.document import Document, read_document
from apilint.functions import RuleFunction
from apilint.identity_cache import IdentityCache
from apilint.pointer import join_pointer
from apilint.quick_validity import QuickCheck
from apilint.rules import FORMATS, Precision, Rule
from apilint.rulesets.model import DeclarativeRule, NamedRuleset, Override, RulesetError, Then
from apilint.severity import Severity

__all__ = ["LoadedRuleset", "RulesetLoader", "parse_severity"]

_RULESET_KEYS = frozenset({"rules", "extends", "formats", "documentationUrl", "description", "functions",
                           "functionsDir", "aliases", "overrides", "parserOptions"})
_RULE_KEYS = frozenset({"given", "then", "description", "message", "severity", "formats", "recommended",
                        "resolved", "documentationUrl", "tags", "options"})
#: ``parserOptions`` keys and the core rules whose severity each one sets.
_PARSER_OPTIONS = {"duplicateKeys": "duplicate-key", "incompatibleValues": "unsupported-key"}
#: The rule key holding apilint's documentation of a rule (Spectral allows any ``x-`` key).
_DOCS_KEY = "x-apilint"
#: What ``x-apilint`` may hold: a one-sentence summary, why the rule matters, bad and good
#: examples, and the clause of a standard the rule encodes.
_DOCS_FIELDS = frozenset({"summary", "why", "bad", "good", "clause", "precision"})
_PRECISIONS = ("very-high", "high", "medium", "low")
#: The keys that configure a Python rule from a ruleset without replacing its check.
_PYTHON_RULE_KEYS = frozenset({"severity", "recommended", "options", _DOCS_KEY})
_THEN_KEYS = frozenset({"field", "function", "functionOptions"})
_NUMERIC_SEVERITIES = {0: Severity.ERROR, 1: Severity.WARN, 2: Severity.INFO, 3: Severity.HINT, -1: None}
#: Spectral's format names, including those of document kinds apilint does not lint
#: (AsyncAPI, Arazzo, JSON Schema): rules for them are valid and simply never apply.
_FOREIGN_FORMATS = frozenset({
    "aas2", "aas2_0", "aas2_1", "aas2_2", "aas2_3", "aas2_4", "aas2_5", "aas2_6", "aas3", "aas3_0",
    "arazzo1_0", "json-schema", "json-schema-loose", "json-schema-draft4", "json-schema-draft6",
    "json-schema-draft7", "json-schema-draft2019-09", "json-schema-2019-09", "json-schema-draft2020-12",
    "json-schema-2020-12",
})
_MODES = ("recommended", "all", "off")


def parse_severity(value: Any) -> Severity | None:
    """A ruleset severity: a name, Spectral's number (0 error … 3 hint, -1 off), or ``off``.

    Returns None for off; raises ``ValueError`` for anything else.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a severity")
    if isinstance(value, int) and value in _NUMERIC_SEVERITIES:
        return _NUMERIC_SEVERITIES[value]
    if isinstance(value, str):
        if value == "off":
            return None
        return Severity.parse(value)
    raise ValueError(f"{value!r} is not a severity; use error, warn, info, hint, off or 0-3")


def _normalise_format(name: str) -> str:
    # Spectral writes ``oas3.1`` in YAML rulesets and ``oas3_1`` in code; both mean the same.
    return name.replace(".", "_")


@dataclass(slots=True)
class _RuleState:
    """A rule while rulesets are merged: its definition, where it came from, and whether it is on."""

    name: str
    definition: dict[str, Any]
    owner: _Ruleset
    #: Where the rule's ``given`` and ``then`` were last written, for messages.
    document: Document
    pointer: str
    enabled: bool
    severity: Severity | None
    recommended: bool
    formats: frozenset[str] | None
    documentation_url: str | None
    #: A rule a plugin registered in Python, which a ruleset can select and configure.
    python: Rule | None = None
    #: The clause a ruleset says a Python rule checks (``x-apilint: {clause: ...}``).
    clause: str | None = None
    #: Options given to a Python rule (``options: {...}``), merged over earlier rulesets'.
    options: dict[str, Any] | None = None
    #: Where a declarative rule's ``options`` were last written, for messages.
    options_document: Document | None = None
    options_pointer: str = ""


@dataclass(slots=True)
class _Ruleset:
    document: Document
    formats: frozenset[str] | None = None


@dataclass(slots=True)
class LoadedRuleset:
    """The outcome of loading a ruleset: every rule it knows and what is on.

    ``rules`` are the declarative rules. ``severities`` gives, for every rule id the
    ruleset mentions — declarative or registered in Python by a plugin — its severity, or
    None when the ruleset turns it off. ``overrides`` apply per file and node.
    """

    rules: dict[str, DeclarativeRule] = field(default_factory=dict)
    severities: dict[str, Severity | None] = field(default_factory=dict)
    #: Clauses rulesets say Python rules check, by rule id.
    clauses: dict[str, str] = field(default_factory=dict)
    #: Options rulesets give Python rules, by rule id, already checked against the rule's.
    options: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


class RulesetLoader:
    """Loads rulesets for one run, given the functions, named rulesets and Python rules plugins registered."""

    def __init__(self, functions: Mapping[str, RuleFunction], named: Mapping[str, NamedRuleset],
                 python_rules: Mapping[str, Rule], cwd: Path,
                 validate_path: Callable[[str], None] | None = None,
                 find_named: Callable[[str], NamedRuleset | None] | None = None) -> None:
        self.functions = functions
        self.named = {alias: ruleset for ruleset in named.values() for alias in (ruleset.name, *ruleset.aliases)}
        # A plugin's ruleset is shown by its name, not by where the plugin is installed.
        self._names = {Path(ruleset.location).resolve(): ruleset.name for ruleset in named.values()}
        #: Looks up names not in ``named`` (rulesets of standards, read only when asked for).
        self.find_named = find_named
        self.python_rules = python_rules
        self.cwd = cwd
        self.validate_path = validate_path

    # -- entry point

    def load(self, locations: Sequence[str | tuple[str, str]], layer: Document | None = None) -> LoadedRuleset:
        """Load one or more rulesets; later ones extend (and win over) earlier ones.

        A location may be a pair ``(location, mode)`` to take a ruleset in a mode other than
        ``recommended``. ``layer`` is a ruleset already read (a configuration file's ``extends``,
        ``rules`` and ``overrides``), merged last, so it wins over every location.
        """
        states: dict[str, _RuleState] = {}
        self._aliases: dict[str, Any] = {}
        loaded = LoadedRuleset()
        for entry in locations:
            location, mode = (entry, "recommended") if isinstance(entry, str) else entry
            path = self._locate(location, None, None)
            ruleset = self._read(path)
            loaded.sources.append(ruleset.document.path)
            self._merge(ruleset, mode, states, [path])
            loaded.overrides += self._overrides(ruleset)
        if layer is not None:
            ruleset = _Ruleset(layer)
            loaded.sources.append(layer.path)
            self._merge(ruleset, "recommended", states, [layer.local_path or layer.uri])
            loaded.overrides += self._overrides(ruleset)
        for name, state in states.items():
            if state.python is None:
                loaded.rules[name] = self._build(state)
            loaded.severities[name] = state.severity if state.enabled else None
            if state.python is not None and state.clause is not None:
                loaded.clauses[name] = state.clause
            if state.python is not None and state.options is not None:
                loaded.options[name] = state.options
        return loaded

    # -- files

    def _locate(self, location: str, document: Document | None, pointer: str | None) -> Path | str:
        """A named ruleset's file, or a path relative to the ruleset that names it."""
        if location in self.named:
            return Path(self.named[location].location)
        where = self._where(document, pointer)
        found = self._find_named(location, where)
        if found is not None:
            self._names[Path(found.location).resolve()] = found.name
            return Path(found.location)
        if location.startswith(("http://", "https://")):
            raise RulesetError(f"'{location}': remote rulesets are not fetched; download it and name the file",
                               *where)
        if location.endswith((".js", ".mjs", ".cjs", ".ts")):
            raise RulesetError(f"'{location}': JavaScript rulesets cannot run in apilint; use a YAML or JSON "
                               "ruleset, with functions registered by a Python plugin", *where)
        base = document.local_path.parent if document is not None and document.local_path else self.cwd
        path = Path(location) if Path(location).is_absolute() else base / location
        if not path.is_file():
            looks_like_a_name = ":" in location or location.startswith("@") or ("/" not in location
                                                                                 and "." not in location)
            if looks_like_a_name:
                known = ", ".join(sorted(self.named)) or "none"
                raise RulesetError(f"unknown ruleset '{location}' (not a file, and no plugin provides a ruleset "
                                   f"by that name; known names: {known})", *where)
            raise RulesetError(f"ruleset file '{location}' does not exist", *where)
        return path

    def _find_named(self, name: str, where: tuple[str | None, int | None, int | None]) -> NamedRuleset | None:
        if self.find_named is None or "/" in name or name.endswith((".yaml", ".yml", ".json")):
            return None
        try:
            return self.find_named(name)
        except ValueError as error:
            raise RulesetError(str(error), *where) from None

    def _read(self, path: Path | str) -> _Ruleset:
        path = Path(path).resolve()
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise RulesetError(f"cannot read ruleset {path}: {error.strerror or error}") from None
        shown = self._names.get(path) or _shown(path, self.cwd)
        document = read_document(path.as_uri(), shown, raw)
        fatal = [problem for problem in document.problems if problem.fatal or problem.kind == "duplicate-key"]
        if fatal:
            line, column = document.lines.position(fatal[0].start)
            raise RulesetError(fatal[0].message, shown, line, column)
        if not isinstance(document.data, dict):
            raise RulesetError("a ruleset must be a mapping", shown, 1, 1)
        for key in document.data:
            if key not in _RULESET_KEYS and not str(key).startswith("x-"):
                raise RulesetError(f"unknown ruleset key '{key}'", *self._where(document, f"/{key}"))
        if "functionsDir" in document.data:
            raise RulesetError("'functionsDir' points at JavaScript functions, which cannot run in apilint; "
                               "register the functions from a Python plugin and list them in 'functions'",
                               *self._where(document, "/functionsDir"))
        ruleset = _Ruleset(document)
        self._check_functions_list(ruleset)
        formats = document.data.get("formats")
        if formats is not None:
            ruleset.formats = self._formats(formats, document, "/formats")
        aliases = document.data.get("aliases", {})
        if not isinstance(aliases, dict):
            raise RulesetError("'aliases' must be a mapping of names to JSONPaths", *self._where(document, "/aliases"))
        # Aliases are shared along the chain of rulesets; a later ruleset's definition wins.
        self._aliases.update(aliases)
        return ruleset

    def _where(self, document: Document | None, pointer: str | None) -> tuple[str | None, int | None, int | None]:
        if document is None:
            return None, None, None
        span = document.span(pointer or "")
        return document.path, span.start_line, span.start_column

    # -- merging (Spectral's semantics)

    def _merge(self, ruleset: _Ruleset, mode: str, states: dict[str, _RuleState], stack: list[Path | str]) -> None:
        document = ruleset.document
        data = document.data
        extends = data.get("extends", [])
        extends = extends if isinstance(extends, list) else [extends]
        for index, entry in enumerate(extends):
            pointer = f"/extends/{index}" if isinstance(data.get("extends"), list) else "/extends"
            if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str) and entry[1] in _MODES:
                location, sub_mode = entry
            elif isinstance(entry, str):
                location, sub_mode = entry, "recommended"
            else:
                raise RulesetError("each 'extends' entry must be a ruleset name or path, or a pair "
                                   "[ruleset, recommended|all|off]", *self._where(document, pointer))
            path = self._locate(location, document, pointer)
            if any(Path(path).resolve() == Path(seen).resolve() for seen in stack):
                continue  # a ruleset that extends itself, directly or not, adds nothing more
            extended = self._read(path)
            self._merge(extended, sub_mode, states, [*stack, path])

        self._parser_options(ruleset, states)
        rules = data.get("rules", {})
        if not isinstance(rules, dict):
            raise RulesetError("'rules' must be a mapping of rule ids to definitions", *self._where(document, "/rules"))
        ruleset_url = data.get("documentationUrl")
        for name, definition in rules.items():
            pointer = join_pointer("/rules", name)
            where = self._where(document, pointer)
            existing = states.get(name)
            python = self.python_rules.get(name)
            configures_python = (isinstance(definition, dict) and python is not None
                                 and (existing is None or existing.python is not None)
                                 and not {"given", "then"} & set(definition))
            if configures_python:
                assert python is not None and isinstance(definition, dict)
                state = self._configure_python(name, python, definition, existing, ruleset, pointer, mode)
                states[name] = state
            elif isinstance(definition, dict):
                self._check_rule(name, definition, document, pointer, partial=existing is not None)
                if existing is not None:
                    # Redefining a rule replaces the fields given and turns it on.
                    if existing.python is not None and not {"given", "then"} <= set(definition):
                        raise RulesetError(f"rule '{name}' is a Python rule; to replace it, give a complete "
                                           "definition with 'given' and 'then'", *where)
                    existing.python = None
                    merged = {**existing.definition, **definition}
                    old_docs, new_docs = existing.definition.get(_DOCS_KEY), definition.get(_DOCS_KEY)
                    if isinstance(old_docs, dict) and isinstance(new_docs, dict):
                        # Documentation given here (a standard's clause) adds to the rule's own.
                        merged[_DOCS_KEY] = {**old_docs, **new_docs}
                    old_options, new_options = existing.definition.get("options"), definition.get("options")
                    if isinstance(old_options, dict) and isinstance(new_options, dict):
                        merged["options"] = {**old_options, **new_options}
                    existing.definition = merged
                    existing.enabled = True
                    state = existing
                else:
                    state = _RuleState(name, dict(definition), ruleset, document, pointer, True, Severity.WARN, True,
                                       None, None)
                    states[name] = state
                self._apply_definition(state, definition, document, pointer)
                if existing is None:
                    state.enabled = state.severity is not None and (
                        mode == "all" or (mode == "recommended" and state.recommended))
            elif name in self.python_rules and existing is None:
                # The first mention of a Python rule takes it in like a rule defined here.
                python = self.python_rules[name]
                state = _RuleState(name, {}, ruleset, document, pointer, False, python.severity, python.recommended,
                                   None, None, python)
                states[name] = state
                state.enabled = mode == "all" or (mode == "recommended" and state.recommended)
                self._apply_shorthand(state, definition, where)
            elif existing is None:
                raise RulesetError(f"rule '{name}' is not defined by any extended ruleset or plugin, so it cannot "
                                   "be configured here", *where)
            else:
                self._apply_shorthand(existing, definition, where)
                state = existing
            if state.formats is None:
                state.formats = state.owner.formats
            if ruleset_url and state.documentation_url is None:
                state.documentation_url = f"{ruleset_url}#{name}"

    def _configure_python(self, name: str, python: Rule, definition: Mapping[str, Any],
                          existing: _RuleState | None, ruleset: _Ruleset, pointer: str, mode: str) -> _RuleState:
        """A mapping without ``given`` and ``then`` for a Python rule sets its severity or tier.

        The first such mention takes the rule into the ruleset like a rule defined there: whether
        it is on follows the ruleset's mode and the rule's tier. A later one turns it on.
        """
        document = ruleset.document
        for key in definition:
            if key not in _PYTHON_RULE_KEYS:
                raise RulesetError(f"rule '{name}' is a Python rule; here it takes only 'severity', "
                                   "'recommended', 'options' and 'x-apilint: {clause}', or a complete definition "
                                   "with 'given' and 'then' to replace it",
                                   *self._where(document, join_pointer(pointer, key)))
        docs = definition.get(_DOCS_KEY)
        if docs is not None:
            where = self._where(document, join_pointer(pointer, _DOCS_KEY))
            if not isinstance(docs, dict) or set(docs) != {"clause"} or not isinstance(docs["clause"], str):
                raise RulesetError(f"rule '{name}' is a Python rule, documented by its plugin; '{_DOCS_KEY}' may "
                                   "only name the clause it checks here ({clause: ...})", *where)
        options = definition.get("options")
        if options is not None:
            where = self._where(document, join_pointer(pointer, "options"))
            if not isinstance(options, dict):
                raise RulesetError(f"rule '{name}': 'options' must be a mapping", *where)
            merged = {**(existing.options or {} if existing is not None else {}), **options}
            try:
                python.with_options(merged)
            except ValueError as error:
                raise RulesetError(str(error), *where) from None
        if existing is None:
            state = _RuleState(name, {}, ruleset, document, pointer, False, python.severity, python.recommended,
                               None, None, python)
            state.options = dict(options) if options is not None else None
            self._apply_definition(state, definition, document, pointer)
            state.enabled = state.severity is not None and (
                mode == "all" or (mode == "recommended" and state.recommended))
            state.clause = docs["clause"] if docs else None
            return state
        self._apply_definition(existing, definition, document, pointer)
        existing.enabled = existing.severity is not None
        if options is not None:
            existing.options = {**(existing.options or {}), **options}
        if docs:
            existing.clause = docs["clause"]
        return existing

    def _parser_options(self, ruleset: _Ruleset, states: dict[str, _RuleState]) -> None:
        """``parserOptions`` set the severity of the core rules for duplicate keys and odd keys."""
        document = ruleset.document
        options = document.data.get("parserOptions")
        if options is None:
            return
        if not isinstance(options, dict):
            raise RulesetError("'parserOptions' must be a mapping", *self._where(document, "/parserOptions"))
        for key, value in options.items():
            where = self._where(document, join_pointer("/parserOptions", key))
            rule_id = _PARSER_OPTIONS.get(key)
            if rule_id is None:
                raise RulesetError(f"unknown parser option '{key}'; apilint supports "
                                   f"{', '.join(sorted(_PARSER_OPTIONS))}", *where)
            python = self.python_rules.get(rule_id)
            if python is None:
                continue  # the core rule is not loaded, so there is nothing to configure
            state = states.get(rule_id)
            if state is None:
                state = states[rule_id] = _RuleState(rule_id, {}, ruleset, document, "/parserOptions", True,
                                                     python.severity, python.recommended, None, None, python)
            self._apply_shorthand(state, value, where)

    def _apply_shorthand(self, state: _RuleState, value: Any,
                         where: tuple[str | None, int | None, int | None]) -> None:
        """``id: true|false`` turns a rule on or off; ``id: <severity>`` sets its level (``off``: off)."""
        if isinstance(value, bool):
            state.enabled = value
            return
        try:
            severity = parse_severity(value)
        except ValueError as error:
            raise RulesetError(f"rule '{state.name}': {error}", *where) from None
        state.enabled = severity is not None
        if severity is not None:
            state.severity = severity

    def _shorthand_severity(self, value: Any, default: Severity, where: tuple[str | None, int | None, int | None]
                            ) -> Severity | None:
        if isinstance(value, bool):
            return default if value else None
        try:
            return parse_severity(value)
        except ValueError as error:
            raise RulesetError(str(error), *where) from None

    def _apply_definition(self, state: _RuleState, definition: Mapping[str, Any], document: Document,
                          pointer: str) -> None:
        if "severity" in definition:
            try:
                state.severity = parse_severity(definition["severity"])
            except ValueError as error:
                raise RulesetError(f"rule '{state.name}': {error}",
                                   *self._where(document, join_pointer(pointer, "severity"))) from None
            if state.severity is None:
                state.enabled = False
        if "recommended" in definition:
            state.recommended = definition["recommended"] is not False
        if "formats" in definition:
            state.formats = self._formats(definition["formats"], document, join_pointer(pointer, "formats"))
        if "documentationUrl" in definition:
            state.documentation_url = definition["documentationUrl"]
        if "given" in definition or "then" in definition:
            state.document, state.pointer = document, pointer
        if "options" in definition:
            state.options_document, state.options_pointer = document, join_pointer(pointer, "options")

    # -- validation of one rule

    def _check_rule(self, name: str, definition: Mapping[str, Any], document: Document, pointer: str,
                    partial: bool) -> None:
        """Check a rule's fields; ``partial`` definitions (of an existing rule) may leave some out."""
        for key in definition:
            if key not in _RULE_KEYS and not str(key).startswith("x-"):
                raise RulesetError(f"rule '{name}': unknown key '{key}'",
                                   *self._where(document, join_pointer(pointer, key)))
        if _DOCS_KEY in definition:
            self._check_docs(name, definition[_DOCS_KEY], document, join_pointer(pointer, _DOCS_KEY))
        for key in ("given", "then"):
            if key not in definition and not partial:
                raise RulesetError(f"rule '{name}' has no '{key}'", *self._where(document, pointer))
        if "given" in definition:
            self._check_given(name, definition["given"], document, pointer)
        if "then" in definition:
            self._check_then(name, definition["then"], document, pointer)

    def _check_docs(self, name: str, docs: Any, document: Document, pointer: str) -> None:
        if not isinstance(docs, dict):
            raise RulesetError(f"rule '{name}': '{_DOCS_KEY}' must be a mapping", *self._where(document, pointer))
        for key, value in docs.items():
            where = self._where(document, join_pointer(pointer, key))
            if key not in _DOCS_FIELDS:
                raise RulesetError(f"rule '{name}': unknown key '{key}' in '{_DOCS_KEY}' (known: "
                                   f"{', '.join(sorted(_DOCS_FIELDS))})", *where)
            if not isinstance(value, str) or not value.strip():
                raise RulesetError(f"rule '{name}': '{_DOCS_KEY}.{key}' must be a non-empty string", *where)
            if key == "precision" and value not in _PRECISIONS:
                raise RulesetError(f"rule '{name}': '{_DOCS_KEY}.precision' must be one of "
                                   f"{', '.join(_PRECISIONS)}", *where)

    def _check_given(self, name: str, given: Any, document: Document, pointer: str) -> None:
        givens = given if isinstance(given, list) else [given]
        if not givens or not all(isinstance(path, str) and path for path in givens):
            raise RulesetError(f"rule '{name}': 'given' must be a JSONPath or a list of them",
                               *self._where(document, join_pointer(pointer, "given")))

    def _check_then(self, name: str, then: Any, document: Document, pointer: str) -> None:
        thens = then if isinstance(then, list) else [then]
        for index, entry in enumerate(thens):
            then_pointer = join_pointer(pointer, "then", index) if isinstance(then, list) else join_pointer(
                pointer, "then")
            if not isinstance(entry, dict):
                raise RulesetError(f"rule '{name}': each 'then' must be a mapping with a 'function'",
                                   *self._where(document, then_pointer))
            for key in entry:
                if key not in _THEN_KEYS:
                    raise RulesetError(f"rule '{name}': unknown key '{key}' in 'then'",
                                       *self._where(document, join_pointer(then_pointer, key)))
            function_name = entry.get("function")
            if not isinstance(function_name, str):
                raise RulesetError(f"rule '{name}': 'then' has no 'function'", *self._where(document, then_pointer))
            function = self.functions.get(function_name)
            if function is None:
                known = ", ".join(sorted(self.functions)) or "none"
                raise RulesetError(f"rule '{name}': unknown function '{function_name}'; no plugin registers it "
                                   f"(registered functions: {known})",
                                   *self._where(document, join_pointer(then_pointer, "function")))
            self._check_options(name, function, entry.get("functionOptions"), document,
                                join_pointer(then_pointer, "functionOptions"))
            field_name = entry.get("field")
            if field_name is not None and not isinstance(field_name, str):
                raise RulesetError(f"rule '{name}': 'field' must be a string",
                                   *self._where(document, join_pointer(then_pointer, "field")))

    def _check_options(self, name: str, function: RuleFunction, options: Any, document: Document,
                       pointer: str) -> None:
        if function.options_schema is None:
            if options not in (None, {}):
                raise RulesetError(f"rule '{name}': function '{function.name}' takes no options",
                                   *self._where(document, pointer))
            return
        given = options if options is not None else {}
        error = None
        quick = _options_check(function)
        if quick is None or not quick.surely_valid(given):
            from jsonschema import Draft202012Validator

            validator = Draft202012Validator(function.options_schema)
            error = next(iter(sorted(validator.iter_errors(given), key=lambda e: list(e.absolute_path))), None)
        location = self._where(document, pointer if options is not None else pointer.rsplit("/", 1)[0])
        if error is not None:
            where = "/".join(str(step) for step in error.absolute_path)
            detail = f" at '{where}'" if where else ""
            raise RulesetError(f"rule '{name}': invalid options for '{function.name}'{detail}: {error.message}",
                               *location)
        if function.validate_options is not None:
            for problem in function.validate_options(options if options is not None else {}):
                raise RulesetError(f"rule '{name}': invalid options for '{function.name}': {problem}", *location)

    def _check_functions_list(self, ruleset: _Ruleset) -> None:
        names = ruleset.document.data.get("functions")
        if names is None:
            return
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise RulesetError("'functions' must be a list of function names",
                               *self._where(ruleset.document, "/functions"))
        for index, name in enumerate(names):
            if name not in self.functions:
                raise RulesetError(f"function '{name}' is listed in 'functions' but no plugin registers it; "
                                   "JavaScript functions cannot run in apilint, so a Python plugin must provide "
                                   "a function of that name", *self._where(ruleset.document, f"/functions/{index}"))

    def _formats(self, value: Any, document: Document, pointer: str) -> frozenset[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise RulesetError("'formats' must be a list of format names", *self._where(document, pointer))
        formats = frozenset(_normalise_format(item) for item in value)
        unknown = formats - FORMATS - _FOREIGN_FORMATS
        if unknown:
            raise RulesetError(f"unknown format(s): {', '.join(sorted(unknown))}", *self._where(document, pointer))
        return formats

    # -- building rules

    def _build(self, state: _RuleState) -> DeclarativeRule:
        definition = state.definition
        document = state.document
        given = definition["given"]
        givens = tuple(given) if isinstance(given, list) else (given,)
        given_pointer = join_pointer(state.pointer, "given")
        expanded = self._expand_aliases(givens, document, given_pointer)
        for paths in expanded.values():
            for path in paths:
                self._check_path(state.name, path, document, given_pointer)
        then = definition["then"]
        thens = tuple(
            Then(function=entry["function"], field=entry.get("field"), options=entry.get("functionOptions") or {})
            for entry in (then if isinstance(then, list) else [then])
        )
        if "options" in definition:
            thens = (self._with_options(state, thens),)
        description = definition.get("description") or ""
        docs = definition.get(_DOCS_KEY) or {}
        message = definition.get("message") or ""
        summary = docs.get("summary") or _first_sentence(description or ("" if "{{" in message else message))
        formats = frozenset(fmt for fmt in (state.formats or ()) if fmt in FORMATS)
        if state.formats is not None and not formats:
            # Only formats apilint does not lint (AsyncAPI, JSON Schema ...): the rule never applies.
            expanded = {None: ()}
        try:
            rule = self._rule(state, summary, description, docs, formats)
        except ValueError as error:
            raise RulesetError(str(error), *self._where(document, state.pointer)) from None
        return DeclarativeRule(
            rule=rule,
            given=expanded,
            then=thens,
            message=definition.get("message"),
            description=description.strip() or None,
            resolved=definition.get("resolved", True) is not False,
            origin=f"{document.path}:{document.span(state.pointer).start_line}",
        )

    def _with_options(self, state: _RuleState, thens: tuple[Then, ...]) -> Then:
        """A declarative rule's one ``then`` with ``options`` over its ``functionOptions``."""
        where = self._where(state.options_document or state.document, state.options_pointer)
        options = state.definition["options"]
        if not isinstance(options, dict):
            raise RulesetError(f"rule '{state.name}': 'options' must be a mapping", *where)
        if len(thens) != 1:
            raise RulesetError(f"rule '{state.name}' has {len(thens)} 'then' entries, so 'options' cannot say which "
                               "function they are for; redefine its 'then' with 'functionOptions' instead", *where)
        [then] = thens
        merged = {**then.options, **options}
        function = self.functions[then.function]
        self._check_options(state.name, function, merged, state.options_document or state.document,
                            state.options_pointer)
        return Then(function=then.function, field=then.field, options=merged)

    @staticmethod
    def _rule(state: _RuleState, summary: str, description: str, docs: Mapping[str, str],
              formats: frozenset[str]) -> Rule:
        document, definition = state.document, state.definition
        return Rule(
            id=state.name,
            severity=state.severity or Severity.WARN,
            summary=summary or f"Rule {state.name} of {document.path}.",
            description=textwrap.dedent(docs.get("why") or description).strip() or f"Declared in {document.path}.",
            bad_example=textwrap.dedent(docs.get("bad", "")).strip("\n"),
            good_example=textwrap.dedent(docs.get("good", "")).strip("\n"),
            clause=docs.get("clause"),
            precision=cast(Precision, docs.get("precision", "very-high")),
            formats=formats,
            documentation_url=state.documentation_url or "",
            recommended=state.recommended,
            tags=tuple(str(tag) for tag in definition.get("tags") or ()),
            source=document.path,
        )

    def _check_path(self, name: str, path: str, document: Document, pointer: str) -> None:
        if self.validate_path is None:
            return
        try:
            self.validate_path(path)
        except ValueError as error:
            raise RulesetError(f"rule '{name}': invalid JSONPath '{path}': {error}",
                               *self._where(document, pointer)) from None

    def _expand_aliases(self, givens: tuple[str, ...], document: Document, pointer: str
                        ) -> dict[str | None, tuple[str, ...]]:
        aliases = self._aliases
        expanded: dict[str | None, list[str]] = {None: []}
        for given in givens:
            for scope, paths in self._expand(given, aliases, document, pointer, depth=0).items():
                expanded.setdefault(scope, []).extend(paths)
        # A scoped alias gives paths per format; paths that apply to every format go to each scope too.
        common = expanded.pop(None)
        result: dict[str | None, tuple[str, ...]] = {None: tuple(common)}
        for scope, paths in expanded.items():
            result[scope] = tuple(common + paths)
        return result

    def _expand(self, given: str, aliases: Mapping[str, Any], document: Document, pointer: str, depth: int
                ) -> dict[str | None, list[str]]:
        if not given.startswith("#"):
            return {None: [given]}
        if depth > 16:
            raise RulesetError(f"aliases refer to each other in a loop ('{given}')", *self._where(document, pointer))
        name, rest = _split_alias(given[1:])
        if name not in aliases:
            raise RulesetError(f"unknown alias '#{name}'", *self._where(document, pointer))
        definition = aliases[name]
        result: dict[str | None, list[str]] = {}
        if isinstance(definition, list):
            for path in definition:
                for scope, paths in self._expand(path, aliases, document, pointer, depth + 1).items():
                    result.setdefault(scope, []).extend(path + rest for path in paths)
        elif isinstance(definition, dict) and isinstance(definition.get("targets"), list):
            for target in definition["targets"]:
                formats = target.get("formats", []) if isinstance(target, dict) else []
                paths = target.get("given", []) if isinstance(target, dict) else []
                paths = paths if isinstance(paths, list) else [paths]
                for fmt in formats:
                    for path in paths:
                        for _, sub in self._expand(path, aliases, document, pointer, depth + 1).items():
                            result.setdefault(_normalise_format(fmt), []).extend(p + rest for p in sub)
        else:
            raise RulesetError(f"alias '{name}' must be a list of JSONPaths or a mapping with 'targets'",
                               *self._where(document, pointer))
        return result

    # -- overrides

    def _overrides(self, ruleset: _Ruleset) -> list[Override]:
        document = ruleset.document
        entries = document.data.get("overrides", [])
        if not isinstance(entries, list):
            raise RulesetError("'overrides' must be a list", *self._where(document, "/overrides"))
        base = str((document.local_path or self.cwd / "ruleset").parent)
        overrides: list[Override] = []
        for index, entry in enumerate(entries):
            pointer = f"/overrides/{index}"
            if not isinstance(entry, dict) or not isinstance(entry.get("files"), list):
                raise RulesetError("each override needs 'files', a list of globs", *self._where(document, pointer))
            rules = entry.get("rules", {})
            if not isinstance(rules, dict):
                raise RulesetError("an override's 'rules' must be a mapping", *self._where(document, pointer))
            unsupported = set(entry) - {"files", "rules"}
            if unsupported:
                raise RulesetError(f"override keys not supported: {', '.join(sorted(unsupported))}; an override "
                                   "may set rule severities ('rules') for 'files'",
                                   *self._where(document, join_pointer(pointer, sorted(unsupported)[0])))
            severities: dict[str, Severity | None] = {}
            for name, value in rules.items():
                where = self._where(document, join_pointer(pointer, "rules", name))
                if isinstance(value, dict):
                    raise RulesetError(f"override for rule '{name}': only a severity, 'off' or true/false may be "
                                       "given here, not a new definition", *where)
                default = Severity.WARN
                severities[name] = self._shorthand_severity(value, default, where) if not isinstance(value, bool) \
                    else (default if value else None)
            for file_pattern in entry["files"]:
                glob, _, fragment = str(file_pattern).partition("#")
                overrides.append(Override(glob, fragment or None, severities, base))
        return overrides


def _split_alias(text: str) -> tuple[str, str]:
    for index, char in enumerate(text):
        if char in ".[":
            return text[:index], text[index:]
    return text, ""


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "! ", "? "):
        if end in text:
            return text.split(end, 1)[0] + end.strip()
    return text


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


# Options checks by function: every ruleset load checks every rule's options, and jsonschema's import
# alone takes longer than linting a small document; it is imported only to explain options that fail.
_OPTIONS_CHECKS: IdentityCache[QuickCheck | None] = IdentityCache(256)


def _options_check(function: RuleFunction) -> QuickCheck | None:
    schema = function.options_schema
    # Options are validated as JSON Schema 2020-12, whatever the schema declares.
    return _OPTIONS_CHECKS.get(function, None, lambda: QuickCheck.for_schema(schema, {}, draft="draft2020-12")
                               if isinstance(schema, dict) else None)
