"""What ``apilint config`` shows: the settings that apply to a file, and where each one comes from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apilint.lint_run import Configurations
from apilint.pointer import join_pointer
from apilint.workspace import display_path

__all__ = ["EffectiveConfig", "RuleSetting", "Setting", "explain"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting's value (None: not set) and its origin: a file and line, an option, or ``default``."""

    key: str
    value: Any
    origin: str


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """A rule's effective severity (``off`` when it does not run), its options, and what decided them."""

    id: str
    severity: str
    options: dict[str, Any]
    origin: str


@dataclass(frozen=True, slots=True)
class EffectiveConfig:
    target: str
    config_file: str | None
    settings: tuple[Setting, ...]
    rules: tuple[RuleSetting, ...]


def explain(configurations: Configurations, target: Path) -> EffectiveConfig:
    """The effective configuration for ``target``, a file or a folder, as ``apilint lint`` would use it.

    Raises what :meth:`Configurations.selection_for` raises for a bad configuration.
    """
    options = configurations.options
    cwd = configurations.cwd
    directory = (target if target.is_dir() else target.parent).resolve()
    config = configurations.config_for(directory)
    selection = configurations.selection_for(directory)

    def from_config(pointer: str) -> str:
        assert config is not None
        return f"{config.shown}:{config.line(pointer)}"

    def setting(key: str, cli_value: Any, cli_flag: str, config_value: Any, default: Any) -> Setting:
        if cli_value:
            return Setting(key, cli_value, cli_flag)
        if config is not None and key in config.document.data:
            return Setting(key, config_value, from_config(join_pointer("", key)))
        return Setting(key, default, "default")

    layer = config.layer if config is not None and not options.rulesets else None
    rulesets = configurations.rulesets_for(config, directory)
    builder = configurations.builder_for(config)
    if options.rulesets:
        used = Setting("rulesets", list(rulesets), "--ruleset")
    elif layer is not None and "extends" in layer.data:
        used = Setting("rulesets", [*rulesets, *_as_list(layer.data["extends"])], from_config("/extends"))
    elif rulesets and not (options.standards or (config and config.standards)):
        used = Setting("rulesets", list(rulesets), "found next to the document (.spectral.*)")
    else:
        used = Setting("rulesets", [*rulesets, *builder.default_rulesets], "default")
    settings = [
        Setting("configuration", config.shown if config else None,
                "--config" if options.config else ("nearest to the file" if config else "none found")),
        used,
        setting("standards", list(options.standards), "--standard", list(config.standards) if config else [], []),
        setting("fail-level", options.fail_level.value if options.fail_level else None, "--fail-level",
                config.fail_level.value if config and config.fail_level else None, "error"),
        setting("exclude", None, "", list(config.exclude) if config else [], []),
        setting("baseline", display_path(options.baseline, cwd) if options.baseline else None, "--baseline",
                display_path(config.baseline, cwd) if config and config.baseline else None, None),
        setting("plugins", None, "", [display_path(path, cwd) for path in config.plugins] if config else [], []),
    ]
    for key, values in (("select", options.selectors.select), ("extend-select", options.selectors.extend_select),
                        ("ignore", options.selectors.ignore)):
        if values:
            settings.append(Setting(key, list(values), f"--{key}"))
    if layer is not None and "overrides" in layer.data:
        settings.append(Setting("overrides", layer.data["overrides"], from_config("/overrides")))

    configured = layer.data.get("rules") if layer is not None else None
    configured = configured if isinstance(configured, dict) else {}
    unchosen = builder.select(rulesets, layer) if options.selectors else selection
    rules = []
    for rule_id in sorted({*selection.available, *selection.rules}):
        rule = selection.rules.get(rule_id) or selection.available[rule_id]
        if (rule_id in selection.rules) != (rule_id in unchosen.rules):
            origin = "--select/--extend-select/--ignore"
        elif rule_id in configured:
            origin = from_config(join_pointer("/rules", rule_id))
        else:
            origin = rule.source or "default"
        severity = rule.severity.value if rule_id in selection.rules else "off"
        rules.append(RuleSetting(rule_id, severity, dict(rule.options), origin))
    return EffectiveConfig(display_path(target, cwd), config.shown if config else None, tuple(settings),
                           tuple(rules))


def _as_list(value: Any) -> list[Any]:
    """``extends`` entries as people write them: ``oas``, or ``oas (all)`` for a pair with a mode."""
    entries = value if isinstance(value, list) else [value]
    return [f"{entry[0]} ({entry[1]})" if isinstance(entry, list) and len(entry) == 2 else entry
            for entry in entries]
