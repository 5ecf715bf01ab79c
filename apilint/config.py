"""apilint's configuration file: where it is found and what it may say.

A configuration is found by walking up from each linted file's folder: the first
``.apilint.yaml``, ``.apilint.yml``, or ``pyproject.toml`` with a ``[tool.apilint]`` table
wins (a ``pyproject.toml`` without that table is passed over), so each project of a
monorepo can have its own. ``--config FILE`` names one for every file instead.

Keys (unknown keys are errors, never ignored):

``ruleset``
    A ruleset file or name, or a list of them, as for ``--ruleset``; paths are relative to
    the configuration file.
``standards``
    A standard or a list of them, as for ``--standard`` (``nl-adr``, ``nl-adr@2.1``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apilint.document import read_document

__all__ = ["CONFIG_FILE_NAMES", "Config", "ConfigError", "find_config", "read_config"]

CONFIG_FILE_NAMES = (".apilint.yaml", ".apilint.yml", "pyproject.toml")
_KEYS = frozenset({"ruleset", "standards"})


class ConfigError(Exception):
    """A configuration file that cannot be used, with where the problem is."""

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


@dataclass(frozen=True, slots=True)
class Config:
    """A configuration file's settings. ``rulesets`` are resolved against its folder."""

    path: Path
    rulesets: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()


def find_config(directory: Path) -> Path | None:
    """The configuration file that applies to files in ``directory``, if any."""
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_apilint_table(candidate)):
                return candidate
    return None


def _has_apilint_table(path: Path) -> bool:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "apilint" in data["tool"]


def read_config(path: Path, shown: str) -> Config:
    """Read and check one configuration file; raises :class:`ConfigError` naming file and line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot be read: {error.strerror or error}", shown) from None
    if path.name == "pyproject.toml":
        settings, line_of = _read_pyproject(raw, shown)
    else:
        settings, line_of = _read_yaml(path, raw, shown)
    for key in settings:
        if key not in _KEYS:
            raise ConfigError(f"unknown key '{key}' (known keys: {', '.join(sorted(_KEYS))})", shown, line_of(key))
    rulesets = _names(settings, "ruleset", "a ruleset file or name", shown, line_of)
    standards = _names(settings, "standards", "a standard", shown, line_of)
    return Config(path, tuple(_relative_to(path.parent, item) for item in rulesets), standards)


def _names(settings: dict[str, Any], key: str, what: str, shown: str, line_of: Any) -> tuple[str, ...]:
    value = settings.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError(f"'{key}' must be {what}, or a list of them", shown, line_of(key))
    return tuple(value)


def _relative_to(folder: Path, ruleset: str) -> str:
    """A ruleset path relative to the configuration's folder; a ruleset name stays as it is."""
    candidate = folder / ruleset
    looks_like_a_file = candidate.exists() or "/" in ruleset or candidate.suffix in (".yaml", ".yml", ".json")
    return str(candidate) if looks_like_a_file else ruleset


def _read_yaml(path: Path, raw: bytes, shown: str) -> tuple[dict[str, Any], Any]:
    document = read_document(path.resolve().as_uri(), shown, raw)
    fatal = [problem for problem in document.problems if problem.fatal or problem.kind == "duplicate-key"]
    if fatal:
        raise ConfigError(fatal[0].message, shown, document.lines.position(fatal[0].start)[0])
    if not isinstance(document.data, dict):
        raise ConfigError("the configuration must be a mapping of settings", shown, 1)

    def line_of(key: str) -> int:
        return document.span("/" + key.replace("~", "~0").replace("/", "~1")).start_line

    return document.data, line_of


def _read_pyproject(raw: bytes, shown: str) -> tuple[dict[str, Any], Any]:
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"is not valid TOML: {error}", shown) from None
    settings = data.get("tool", {}).get("apilint", {})
    if not isinstance(settings, dict):
        raise ConfigError("[tool.apilint] must be a table", shown)
    lines = text.splitlines()

    def line_of(key: str) -> int | None:
        # tomllib reports no positions: find the key's line inside the [tool.apilint] table.
        inside = False
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                inside = stripped.replace(" ", "") == "[tool.apilint]"
            elif inside and stripped.split("=", 1)[0].strip().strip('"') == key:
                return number
        return None

    return settings, line_of
