"""The plugin host: built-ins load like third-party plugins, and a broken plugin breaks only itself."""

from __future__ import annotations

import importlib.metadata
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from apilint import hookimpl
from apilint.plugin_host import PluginHost
from apilint.rules import Rule
from apilint.severity import Severity


def make_rule(rule_id: str) -> Rule:
    return Rule(id=rule_id, severity=Severity.WARN, summary="A rule.", description="Why.")


class GoodPlugin:
    @hookimpl
    def apilint_register_rules(self, register: Callable[[Rule], None]) -> None:
        register(make_rule("good-rule"))


class RaisingPlugin:
    @hookimpl
    def apilint_register_rules(self, register: Callable[[Rule], None]) -> None:
        raise RuntimeError("registration exploded")


class DuplicatePlugin:
    @hookimpl
    def apilint_register_rules(self, register: Callable[[Rule], None]) -> None:
        register(make_rule("good-rule"))


class WrongTypePlugin:
    @hookimpl
    def apilint_register_rules(self, register: Callable[[Any], None]) -> None:
        register({"id": "not-a-rule"})


class MisspeltHookPlugin:
    @hookimpl
    def apilint_register_rulez(self, register: Callable[[Rule], None]) -> None:
        raise AssertionError("never called")


def test_built_in_plugins_come_from_the_entry_point_group() -> None:
    host = PluginHost()
    host.load_entry_points()
    loaded = host.collect()
    assert {"core", "oas", "reporters"} <= set(host.infos)
    assert host.infos["oas"].distribution == "apilint"
    assert loaded.rules["syntax-error"].source == "core"
    assert {"text", "json", "sarif"} <= set(loaded.reporters)
    assert not loaded.errors


def test_a_plugin_that_raises_is_reported_by_name_and_the_others_still_register() -> None:
    host = PluginHost()
    host.register(RaisingPlugin(), "raiser")
    host.register(GoodPlugin(), "good")
    loaded = host.collect()
    assert "good-rule" in loaded.rules and loaded.rules["good-rule"].source == "good"
    assert any("'raiser'" in error and "registration exploded" in error for error in loaded.errors)


def test_duplicate_rule_ids_keep_the_first_and_report_the_second() -> None:
    host = PluginHost()
    host.register(GoodPlugin(), "first")
    host.register(DuplicatePlugin(), "second")
    loaded = host.collect()
    assert loaded.rules["good-rule"].source == "first"
    assert any("'second' registered rule 'good-rule'" in error for error in loaded.errors)


def test_registering_something_that_is_not_a_rule_is_an_error() -> None:
    host = PluginHost()
    host.register(WrongTypePlugin(), "wrong")
    loaded = host.collect()
    assert any("'wrong'" in error and "apilint.Rule" in error for error in loaded.errors)


def test_a_misspelt_hook_is_refused_at_registration() -> None:
    host = PluginHost()
    host.register(MisspeltHookPlugin(), "typo")
    assert "typo" not in host.infos
    assert any("'typo'" in error and "apilint_register_rulez" in error for error in host.errors)


class FakeEntryPoint:
    def __init__(self, name: str, loader: Callable[[], object]) -> None:
        self.name = name
        self.dist = None
        self._loader = loader

    def load(self) -> object:
        return self._loader()


@pytest.fixture
def fake_entry_points(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[FakeEntryPoint]]:
    points: list[FakeEntryPoint] = []
    monkeypatch.setattr(importlib.metadata, "entry_points", lambda group: points if group == "apilint" else [])
    yield points


def test_a_plugin_that_fails_to_import_is_reported_and_the_rest_load(
    fake_entry_points: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> object:
        raise ImportError("No module named 'missing_dependency'")

    module = types.ModuleType("fine_plugin")
    module.apilint_register_rules = GoodPlugin().apilint_register_rules  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "fine_plugin", module)
    fake_entry_points += [FakeEntryPoint("broken", broken), FakeEntryPoint("fine", lambda: module)]
    host = PluginHost()
    host.load_entry_points()
    loaded = host.collect()
    assert "good-rule" in loaded.rules
    assert loaded.errors == ["plugin 'broken' failed to load: ImportError: No module named 'missing_dependency'"]


def test_plugins_can_be_disabled_and_limited_by_environment(
    fake_entry_points: list[FakeEntryPoint], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_entry_points += [FakeEntryPoint("one", GoodPlugin), FakeEntryPoint("two", DuplicatePlugin)]
    host = PluginHost()
    host.load_entry_points(disabled=["two"])
    assert set(host.infos) == {"core", "one"}
    monkeypatch.setenv("APILINT_LOAD_PLUGINS", "two")
    host = PluginHost()
    host.load_entry_points()
    assert set(host.infos) == {"core", "two"}
