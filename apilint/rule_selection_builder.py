"""Turning the registered rules and the rulesets a run uses into rule selections."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from apilint.document import Document
from apilint.plugin_host import LoadedPlugins
from apilint.rule_selectors import NO_SELECTORS, Selectors, apply_selectors, rule_groups
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
        self._cache: dict[tuple[object, ...], RuleSelection] = {}
        #: The standards rulesets have named so far, by ``id@version``.
        self._used_standards: dict[str, Standard] = {}
        self._chosen: dict[tuple[object, ...], RuleSelection] = {}

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

    def select(self, rulesets: tuple[str | tuple[str, str], ...], layer: Document | None = None,
               selectors: Selectors = NO_SELECTORS) -> RuleSelection:
        """The selection for ``rulesets`` (names or files, or ``(name, mode)`` pairs), then ``layer``.

        ``layer`` is a configuration's own ruleset part (``extends``, ``rules``, ``overrides``),
        merged last. With no ruleset named and no ``extends`` in the layer, the default rulesets'
        recommended rules run, with every recommended Python rule that no ruleset mentions (a
        plugin's rules run once it is installed). Without any default ruleset, every registered
        rule runs at its own severity. ``selectors`` then choose among the rules, as
        ``--select``/``--ignore`` do; a ruleset or standard they name that the rulesets do not
        take in is loaded with its rules off, for the selectors to turn on.

        Raises :class:`apilint.rulesets.RulesetError` for a ruleset that cannot be used, and
        :class:`apilint.rule_selectors.SelectorError` for a selector that matches nothing.
        """
        if not selectors:
            return self._select(rulesets, layer)
        named = self.plugins.rulesets
        # An alias selects what its ruleset's name does (``spectral:oas`` is ``oas``).
        selectors = Selectors(*(tuple(named[name].name if name in named else name for name in names)
                                for names in (selectors.select, selectors.extend_select, selectors.ignore)))
        key = (rulesets, layer.uri if layer is not None else None, selectors)
        cached = self._chosen.get(key)
        if cached is None:
            selection = self._select(rulesets, layer)
            known = {**selection.available, **selection.rules}.values()
            missing = tuple((name, "off") for name in dict.fromkeys(selectors.choosing)
                            if self._names_a_ruleset(name) and not any(name in rule_groups(rule) for rule in known))
            if missing:
                selection = self._select(rulesets, layer, missing)
            other_names = [*self.plugins.rulesets, *(standard.id for standard in self.standards.standards)]
            cached = self._chosen[key] = apply_selectors(selection, selectors, self.plugins.rules, other_names)
        return cached

    def _names_a_ruleset(self, name: str) -> bool:
        """Whether ``name`` is a named ruleset or an installed standard (not a rule id or clause)."""
        if name in self.plugins.rulesets:
            return True
        try:
            return self.standards.find(name) is not None
        except StandardError:
            return False

    def _base(self, layer: Document | None) -> tuple[str, ...]:
        return () if layer is not None and "extends" in layer.data else self.default_rulesets

    def _select(self, rulesets: tuple[str | tuple[str, str], ...], layer: Document | None,
                extra: tuple[tuple[str, str], ...] = ()) -> RuleSelection:
        key = (rulesets, layer.uri if layer is not None else None, extra)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        registered = self.plugins.rules
        extends_in_layer = layer is not None and "extends" in layer.data
        defaults = () if rulesets else self._base(layer)
        if not rulesets and not defaults and layer is None and not extra:
            selection = RuleSelection(rules=dict(registered), available=dict(registered))
        else:
            loader = RulesetLoader(self.plugins.functions, self.plugins.rulesets, registered, self.cwd,
                                   validate_path=_validate_jsonpath, find_named=self._find_standard_ruleset)
            loaded = loader.load((*(rulesets or defaults), *extra), layer)
            self._check_clauses(loaded.rules.values())
            rules: dict[str, Rule] = {rule_id: rule for rule_id, rule in registered.items()
                                      if rule.source == _CORE_PLUGIN}
            if defaults or (layer is not None and not rulesets and not extends_in_layer):
                rules.update((rule_id, rule) for rule_id, rule in registered.items()
                             if rule.recommended and rule_id not in loaded.severities)
            available = dict(rules)
            for rule_id, severity in loaded.severities.items():
                declared = loaded.rules.get(rule_id)
                base = declared.rule if declared is not None else registered[rule_id]
                if rule_id in loaded.clauses:
                    base = replace(base, clause=loaded.clauses[rule_id])
                if rule_id in loaded.options:
                    base = base.with_options(loaded.options[rule_id])
                available[rule_id] = base
                if severity is None:
                    rules.pop(rule_id, None)
                    continue
                rules[rule_id] = replace(base, severity=severity)
            definitions = {rule_id: replace(declared, rule=available[rule_id])
                           for rule_id, declared in loaded.rules.items()}
            declarative = [replace(declared, rule=rules[rule_id]) for rule_id, declared in definitions.items()
                           if rule_id in rules]
            selection = RuleSelection(rules=rules, declarative=declarative, functions=self.plugins.functions,
                                      overrides=loaded.overrides, sources=tuple(loaded.sources),
                                      available=available, definitions=definitions)
        self._cache[key] = selection
        return selection
