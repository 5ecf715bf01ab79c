"""apilint's configuration file: where it is found and what it may say.

A configuration is found by walking up from each linted file's folder: the first
``.apilint.yaml``, ``.apilint.yml``, or ``pyproject.toml`` with a ``[tool.apilint]`` table
wins (a ``pyproject.toml`` without that table is passed over), so each project of a
monorepo can have its own. ``--config FILE`` names one for every file instead.

A configuration is a ruleset in Spectral's format — ``extends``, ``rules`` and ``overrides``
mean what they mean there, so a team's ``.spectral.yaml`` settings carry over — plus the
settings of a run. Unknown keys are errors, never ignored. Paths are relative to the
configuration file. See docs/configuration.md for the whole schema.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from apilint.document import Document, read_document
from apilint.pointer import join_pointer
from apilint.selection import glob_matches
from apilint.severity import Severity
from apilint.toml_reader import read_toml_table

__all__ = ["CONFIG_FILE_NAMES", "Config", "ConfigError", "find_config", "read_config"]

CONFIG_FILE_NAMES = (".apilint.yaml", ".apilint.yml", "pyproject.toml")
#: The keys a configuration shares with rulesets, read by the ruleset loader.
RULESET_KEYS = ("extends", "rules", "overrides")
#: The keys only a configuration has, with what each must be (for error messages).
RUN_KEYS = ("standards", "exclude", "fail-level", "baseline", "plugins")
_KEYS = frozenset((*RULESET_KEYS, *RUN_KEYS))
_FAIL_LEVELS = ("error", "warn", "info", "hint")


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


@dataclass(frozen=True, eq=False)
class Config:
    """A configuration file's settings, with paths resolved against its folder.

    ``document`` is the file as read, for the line of each setting. ``layer`` is the same
    document when it sets any of ``extends``, ``rules`` or ``overrides`` — the ruleset part
    the loader merges over the rulesets a document would otherwise get — and None otherwise.
    """

    path: Path
    shown: str
    document: Document
    layer: Document | None = None
    standards: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_level: Severity | None = None
    baseline: Path | None = None
    plugins: tuple[Path, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def line(self, pointer: str) -> int:
        """The line a setting is written on (``/rules/operation-tags``), for people."""
        return self.document.span(pointer).start_line

    def excludes(self, path: Path) -> bool:
        """Whether ``path`` (absolute) matches one of the ``exclude`` patterns.

        A pattern with a ``/`` is a glob relative to the configuration's folder
        (``vendor/**``); one without matches any file or folder name on the way (``generated``,
        ``*.bundled.yaml``), as in a ``.gitignore``.
        """
        try:
            relative = path.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return False
        names = relative.split("/")
        for pattern in self.exclude:
            cleaned = pattern.removeprefix("./").rstrip("/")
            if "/" in cleaned:
                if glob_matches(cleaned, relative) or glob_matches(cleaned + "/**", relative):
                    return True
            elif any(glob_matches(cleaned, name) for name in names):
                return True
        return False


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
    """Read and check one configuration file; raises :class:`ConfigError` naming file and line.

    The ruleset part is checked when rules are selected, by the ruleset loader, which
    reports its problems with this file's lines too.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot be read: {error.strerror or error}", shown) from None
    uri = path.resolve().as_uri()
    if path.name == "pyproject.toml":
        document = read_toml_table(uri, shown, raw, ("tool", "apilint"))
        what = "[tool.apilint]"
    else:
        document = read_document(uri, shown, raw)
        what = "the configuration"
    fatal = [problem for problem in document.problems if problem.fatal or problem.kind == "duplicate-key"]
    if fatal:
        raise ConfigError(fatal[0].message, shown, document.lines.position(fatal[0].start)[0])
    if document.data is None and path.name == "pyproject.toml":
        raise ConfigError("has no [tool.apilint] table", shown)
    settings = document.data
    if not isinstance(settings, dict):
        raise ConfigError(f"{what} must be a mapping of settings", shown, 1)

    def line_of(key: str) -> int:
        return document.span(join_pointer("", key)).start_line

    for key in settings:
        if key not in _KEYS:
            raise ConfigError(f"unknown key '{key}' (known keys: {', '.join(sorted(_KEYS))})", shown, line_of(key))
    fail_level = settings.get("fail-level")
    if fail_level is not None and fail_level not in _FAIL_LEVELS:
        raise ConfigError(f"'fail-level' must be one of {', '.join(_FAIL_LEVELS)}", shown, line_of("fail-level"))
    baseline = settings.get("baseline")
    if baseline is not None and not (isinstance(baseline, str) and baseline):
        raise ConfigError("'baseline' must be the path of a baseline file", shown, line_of("baseline"))
    folder = path.parent
    plugins = _strings(settings, "plugins", "the path of a Python file or package", shown, line_of)
    for index, plugin in enumerate(plugins):
        location = folder / plugin
        if not (location.is_file() and location.suffix == ".py") and not (location / "__init__.py").is_file():
            raise ConfigError(f"plugin '{plugin}' is neither a .py file nor a package folder (with __init__.py)",
                              shown, document.span(f"/plugins/{index}").start_line)
    return Config(
        path=path,
        shown=shown,
        document=document,
        layer=document if any(key in settings for key in RULESET_KEYS) else None,
        standards=_strings(settings, "standards", "a standard (id or id@version)", shown, line_of),
        exclude=_strings(settings, "exclude", "a glob pattern", shown, line_of),
        fail_level=Severity.parse(fail_level) if fail_level is not None else None,
        baseline=folder / baseline if baseline is not None else None,
        plugins=tuple((folder / plugin).resolve() for plugin in plugins),
    )


def _strings(settings: dict[str, Any], key: str, what: str, shown: str,
             line_of: Callable[[str], int]) -> tuple[str, ...]:
    value = settings.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise ConfigError(f"'{key}' must be {what}, or a list of them", shown, line_of(key))
    return tuple(value)
