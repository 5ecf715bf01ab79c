"""Finding, loading and asking plugins.

Plugins come from the ``apilint`` entry-point group, apilint's own rules and formats
included, plus the core's internal plugin. Each entry point is loaded on its own and each
plugin's hook is called on its own, so one broken plugin is reported by name and the
others still work.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from apilint import diagnostics, hookspecs
from apilint.functions import RuleFunction
from apilint.reporting import PluginInfo, Reporter
from apilint.rules import Rule
from apilint.rulesets.model import NamedRuleset
from apilint.standards.conformance import ConformanceReporter
from apilint.standards.model import StandardSource

__all__ = ["ENTRY_POINT_GROUP", "LoadedPlugins", "PluginHost"]

ENTRY_POINT_GROUP = "apilint"
#: A comma-separated list of entry-point names: when set, only those plugins are loaded.
LOAD_PLUGINS_ENV = "APILINT_LOAD_PLUGINS"
_INTERNAL = (("core", diagnostics),)


@dataclass(slots=True)
class LoadedPlugins:
    """What the plugins registered, and what went wrong doing so."""

    rules: dict[str, Rule] = field(default_factory=dict)
    reporters: dict[str, Reporter] = field(default_factory=dict)
    functions: dict[str, RuleFunction] = field(default_factory=dict)
    rulesets: dict[str, NamedRuleset] = field(default_factory=dict)
    conformance_reporters: dict[str, ConformanceReporter] = field(default_factory=dict)
    #: (plugin name, source) for every standard version registered.
    standards: list[tuple[str, StandardSource]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: plugin name -> kind ("rules", "formats", "functions", "rulesets") -> names it registered
    contributions: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def contributed(self, plugin: str, kind: str) -> list[str]:
        return self.contributions.get(plugin, {}).get(kind, [])


class PluginHost:
    """A pluggy manager for one run, with per-plugin error isolation."""

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        self.manager.add_hookspecs(hookspecs)
        self.errors: list[str] = []
        self.infos: dict[str, PluginInfo] = {}
        for name, module in _INTERNAL:
            self.register(module, name, PluginInfo(name, "apilint", _own_version()))

    def register(self, plugin: object, name: str, info: PluginInfo | None = None) -> None:
        """Register a plugin object; a plugin whose hooks do not match the specs is refused and reported."""
        try:
            self.manager.register(plugin, name)
            self.manager.check_pending()
        except (ValueError, pluggy.PluginValidationError) as error:
            if self.manager.is_registered(plugin):
                self.manager.unregister(plugin)
            self.errors.append(f"plugin '{name}' was not registered: {error}")
            return
        self.infos[name] = info or PluginInfo(name)

    def load_entry_points(self, disabled: Iterable[str] = ()) -> None:
        """Load every plugin of the ``apilint`` entry-point group, each in isolation."""
        blocked = set(disabled)
        only = {name.strip() for name in os.environ.get(LOAD_PLUGINS_ENV, "").split(",") if name.strip()}
        for entry_point in sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if entry_point.name in blocked or (only and entry_point.name not in only):
                continue
            if self.manager.has_plugin(entry_point.name):
                continue
            dist = entry_point.dist
            info = PluginInfo(entry_point.name, dist.name if dist else None, dist.version if dist else None)
            try:
                plugin = entry_point.load()
            except Exception as error:  # noqa: BLE001 - any import failure of a plugin is reported, not fatal
                origin = f" from {info.distribution} {info.version}" if info.distribution else ""
                self.errors.append(f"plugin '{entry_point.name}'{origin} failed to load: "
                                   f"{type(error).__name__}: {error}")
                continue
            self.register(plugin, entry_point.name, info)

    def load_local(self, location: Path) -> None:
        """Load a plugin from a ``.py`` file or a package folder a configuration names.

        It is named after the file or folder (``house_rules``) and imported under a private
        module name, so two configurations' ``rules.py`` do not clash; a failure is reported.
        """
        name = location.stem if location.suffix == ".py" else location.name
        if self.manager.has_plugin(name):
            return
        init = location if location.suffix == ".py" else location / "__init__.py"
        digest = hashlib.sha256(str(location).encode("utf-8")).hexdigest()[:12]
        module_name = f"_apilint_local_{digest}_{name}"
        try:
            spec = importlib.util.spec_from_file_location(
                module_name, init, submodule_search_locations=[str(location)] if init != location else None)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot import {init}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module  # relative imports inside a package need it
            spec.loader.exec_module(module)
        except Exception as error:  # noqa: BLE001 - a local plugin's failure is reported like an installed one's
            sys.modules.pop(module_name, None)
            self.errors.append(f"plugin '{name}' from {location} failed to load: {type(error).__name__}: {error}")
            return
        self.register(module, name, PluginInfo(name, None, None))

    def collect(self) -> LoadedPlugins:
        """Ask every plugin for its rules, output formats, functions and named rulesets."""
        loaded = LoadedPlugins(errors=list(self.errors))

        def registrar(kind: str, registry: dict[str, Any], expected: type | None, what: str,
                      check: Callable[[Any], str | None] = lambda item: None) -> Callable[[str], Callable[[Any], None]]:
            def for_plugin(plugin: str) -> Callable[[Any], None]:
                def register(item: Any) -> None:
                    if expected is not None and not isinstance(item, expected):
                        raise TypeError(f"register() takes an apilint.{expected.__name__}, not {type(item).__name__}")
                    problem = check(item)
                    if problem:
                        raise TypeError(problem)
                    names = [item.name, *getattr(item, "aliases", ())] if kind != "rules" else [item.id]
                    for name in names:
                        if name in registry:
                            loaded.errors.append(f"plugin '{plugin}' registered {what} '{name}', which another "
                                                 "plugin already registered; the second is ignored")
                            return
                    for name in names:
                        registry[name] = item.with_source(plugin) if kind == "rules" else item
                    loaded.contributions.setdefault(plugin, {}).setdefault(kind, []).append(names[0])
                return register
            return for_plugin

        def reporter_shape(item: Any) -> str | None:
            if not isinstance(getattr(item, "name", None), str) or not callable(getattr(item, "render", None)):
                return "register() takes an object with a 'name' and a 'render' method"
            return None

        self._call_each("apilint_register_rules", registrar("rules", loaded.rules, Rule, "rule"), loaded)
        self._call_each("apilint_register_reporters",
                        registrar("formats", loaded.reporters, None, "format", reporter_shape), loaded)
        self._call_each("apilint_register_functions",
                        registrar("functions", loaded.functions, RuleFunction, "function"), loaded)
        self._call_each("apilint_register_rulesets",
                        registrar("rulesets", loaded.rulesets, NamedRuleset, "ruleset"), loaded)

        def standard_registrar(plugin: str) -> Callable[[Any], None]:
            def register(item: Any) -> None:
                if not isinstance(item, StandardSource):
                    raise TypeError(f"register() takes an apilint.StandardSource, not {type(item).__name__}")
                loaded.standards.append((plugin, item))
                loaded.contributions.setdefault(plugin, {}).setdefault("standards", []).append(
                    f"{Path(item.location).parent.name}@{Path(item.location).name}")
            return register

        self._call_each("apilint_register_standards", standard_registrar, loaded)
        self._call_each("apilint_register_conformance_reporters",
                        registrar("conformance formats", loaded.conformance_reporters, None, "conformance format",
                                  reporter_shape), loaded)
        return loaded

    def _call_each(self, hook_name: str, make_register: Callable[[str], Callable[[Any], None]],
                   loaded: LoadedPlugins) -> None:
        caller = getattr(self.manager.hook, hook_name)
        for implementation in caller.get_hookimpls():  # registration order: first come, first kept
            plugin = implementation.plugin_name
            try:
                implementation.function(register=make_register(plugin))
            except Exception as error:  # noqa: BLE001 - a plugin's failure is its own, reported by name
                loaded.errors.append(f"plugin '{plugin}' failed in {hook_name}: {type(error).__name__}: {error}")


def _own_version() -> str:
    from apilint import __version__

    return __version__
