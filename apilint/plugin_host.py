"""Finding, loading and asking plugins.

Plugins come from the ``apilint`` entry-point group, apilint's own rules and formats
included, plus the core's internal plugin. Each entry point is loaded on its own and each
plugin's hook is called on its own, so one broken plugin is reported by name and the
others still work.
"""

from __future__ import annotations

import importlib.metadata
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pluggy

from apilint import diagnostics, hookspecs
from apilint.reporting import PluginInfo, Reporter
from apilint.rules import Rule

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
    errors: list[str] = field(default_factory=list)
    #: plugin name -> (rule ids, reporter names) it registered
    contributions: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)


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
            except Exception as error:
                origin = f" from {info.distribution} {info.version}" if info.distribution else ""
                self.errors.append(f"plugin '{entry_point.name}'{origin} failed to load: "
                                   f"{type(error).__name__}: {error}")
                continue
            self.register(plugin, entry_point.name, info)

    def collect(self) -> LoadedPlugins:
        """Ask every plugin for its rules and reporters."""
        loaded = LoadedPlugins(errors=list(self.errors))
        for name in self.infos:
            loaded.contributions[name] = ([], [])

        def add_rule(plugin: str) -> Callable[[Rule], None]:
            def register(rule: Rule) -> None:
                if not isinstance(rule, Rule):
                    raise TypeError(f"register() takes an apilint.Rule, not {type(rule).__name__}")
                if rule.id in loaded.rules:
                    loaded.errors.append(f"plugin '{plugin}' registered rule '{rule.id}', which "
                                         f"'{loaded.rules[rule.id].source}' already registered; the second is ignored")
                    return
                loaded.rules[rule.id] = rule.with_source(plugin)
                loaded.contributions.setdefault(plugin, ([], []))[0].append(rule.id)
            return register

        def add_reporter(plugin: str) -> Callable[[Reporter], None]:
            def register(reporter: Reporter) -> None:
                name = getattr(reporter, "name", None)
                if not isinstance(name, str) or not callable(getattr(reporter, "render", None)):
                    raise TypeError("register() takes an object with a 'name' and a 'render' method")
                if name in loaded.reporters:
                    loaded.errors.append(f"plugin '{plugin}' registered format '{name}', which another "
                                         "plugin already registered; the second is ignored")
                    return
                loaded.reporters[name] = reporter
                loaded.contributions.setdefault(plugin, ([], []))[1].append(name)
            return register

        self._call_each("apilint_register_rules", add_rule, loaded)
        self._call_each("apilint_register_reporters", add_reporter, loaded)
        return loaded

    def _call_each(self, hook_name: str, make_register: Callable[[str], Callable[[Any], None]],
                   loaded: LoadedPlugins) -> None:
        caller = getattr(self.manager.hook, hook_name)
        for implementation in caller.get_hookimpls():  # registration order: first come, first kept
            plugin = implementation.plugin_name
            try:
                implementation.function(register=make_register(plugin))
            except Exception as error:
                loaded.errors.append(f"plugin '{plugin}' failed in {hook_name}: {type(error).__name__}: {error}")


def _own_version() -> str:
    from apilint import __version__

    return __version__
