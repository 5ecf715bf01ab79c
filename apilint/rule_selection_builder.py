"""Turning the registered rules and the rulesets a run uses into rule selections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from apilint.plugin_host import LoadedPlugins
from apilint.rules import Rule
from apilint.rulesets.loader import RulesetLoader
from apilint.rulesets.model import DeclarativeRule, NamedRuleset, RulesetError
from apilint.selection import RuleSelection
from apilint.standards import Standard, StandardCatalog, StandardError

__all__ = ["RULESET_FILE_NAMES", "SelectionBuilder"]

#: Ruleset files picked up next to a document (or in a folder above it) when none is named.
RULESET_FILE_NAMES = (".spectral.yaml", ".spectral.yml", ".spectral.json")
_CORE_PLUGIN = "core"


def _validate_jsonpath(path: str) -> None:
    from apilint.jsonpath import JsonPathError, compile_path

    try:
        compile_path(path)
    except JsonPathError as error:
        raise ValueError(str(error)) from None


class SelectionBuilder:
    """Builds (and caches) the rule selection for each combination of rulesets a run meets."""

    def __init__(self, plugins: LoadedPlugins, cwd: Path) -> None:
        self.plugins = plugins
        self.cwd = cwd
        self.standards = StandardCatalog(plugins.standards)
        self._cache: dict[tuple[str, ...], RuleSelection] = {}
        #: The standards rulesets have named so far, by ``id@version``.
        self._used_standards: dict[str, Standard] = {}

    def _find_standard_ruleset(self, name: str) -> NamedRuleset | None:
        try:
            standard = self.standards.find(name)
        except StandardError as error:
            raise ValueError(str(error)) from None
        if standard is None:
            return None
        self._used_standards[standard.key] = standard
        return NamedRuleset(name=standard.key, location=str(standard.ruleset))

    def nearby_ruleset(self, directory: Path, stop_at: Path) -> tuple[str, ...]:
        """The nearest ``.spectral.*`` file in ``directory`` or a folder above it, up to ``stop_at``."""
        for folder in (directory, *directory.parents):
            for name in RULESET_FILE_NAMES:
                candidate = folder / name
                if candidate.is_file():
                    return (str(candidate),)
            if folder == stop_at or not folder.is_relative_to(stop_at):
                break
        return ()

    def standard_names(self, names: Iterable[str]) -> tuple[str, ...]:
        """The ``id@version`` of each standard ``names`` select. Raises :class:`StandardError`."""
        return tuple(self.standards.resolve(name).key for name in names)

    def _check_clauses(self, rules: Iterable[DeclarativeRule]) -> None:
        """Every rule of a standard's ruleset names a clause of that standard."""
        for declared in rules:
            standard = self._used_standards.get(declared.rule.source)
            if standard is None:
                continue
            clause = declared.rule.clause
            if clause is None:
                raise RulesetError(f"rule '{declared.rule.id}' of standard {standard.key} names no clause "
                                   "(x-apilint.clause)", declared.origin)
            if standard.clause(clause) is None:
                raise RulesetError(f"rule '{declared.rule.id}' of standard {standard.key} names clause "
                                   f"'{clause}', which the standard does not have", declared.origin)

    @property
    def default_rulesets(self) -> tuple[str, ...]:
        """The names of the rulesets plugins mark as the default, for documents with none configured."""
        return tuple(sorted({ruleset.name for ruleset in self.plugins.rulesets.values() if ruleset.default}))

    def select(self, rulesets: tuple[str, ...]) -> RuleSelection:
        """The selection for ``rulesets``.

        With none named, the default rulesets' recommended rules run, with every recommended
        Python rule that no default ruleset mentions (a plugin's rules run once it is installed).
        Without any default ruleset, every registered rule runs at its own severity.

        Raises :class:`apilint.rulesets.RulesetError` for a ruleset that cannot be used.
        """
        cached = self._cache.get(rulesets)
        if cached is not None:
            return cached
        registered = self.plugins.rules
        defaults = () if rulesets else self.default_rulesets
        if not rulesets and not defaults:
            selection = RuleSelection(rules=dict(registered), available=dict(registered))
        else:
            loader = RulesetLoader(self.plugins.functions, self.plugins.rulesets, registered, self.cwd,
                                   validate_path=_validate_jsonpath, find_named=self._find_standard_ruleset)
            loaded = loader.load(rulesets or defaults)
            self._check_clauses(loaded.rules.values())
            rules: dict[str, Rule] = {rule_id: rule for rule_id, rule in registered.items()
                                      if rule.source == _CORE_PLUGIN}
            if defaults:
                rules.update((rule_id, rule) for rule_id, rule in registered.items()
                             if rule.recommended and rule_id not in loaded.severities)
            available = dict(rules)
            for rule_id, severity in loaded.severities.items():
                declared = loaded.rules.get(rule_id)
                base = declared.rule if declared is not None else registered[rule_id]
                if rule_id in loaded.clauses:
                    base = replace(base, clause=loaded.clauses[rule_id])
                available[rule_id] = base
                if severity is None:
                    rules.pop(rule_id, None)
                    continue
                rules[rule_id] = replace(base, severity=severity)
            declarative = [replace(declared, rule=rules[rule_id]) for rule_id, declared in loaded.rules.items()
                           if rule_id in rules]
            selection = RuleSelection(rules=rules, declarative=declarative, functions=self.plugins.functions,
                                      overrides=loaded.overrides, sources=tuple(loaded.sources),
                                      available=available)
        self._cache[rulesets] = selection
        return selection
