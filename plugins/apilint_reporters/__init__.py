"""apilint's built-in output formats: ``text`` and ``stylish`` for people, ``json`` for scripts, ``sarif`` for
code scanning, ``github``, ``gitlab``, ``junit`` and ``markdown`` for CI servers and pull requests; and for
conformance reports ``text``, ``markdown``, ``json`` and ``html``.

They are a plugin like any other, so the core knows no format by name and a third-party
format is registered exactly the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from apilint.hookspecs import hookimpl

if TYPE_CHECKING:
    from apilint.reporting import Reporter
    from apilint.standards.conformance import ConformanceReporter

__all__ = ["apilint_register_conformance_reporters", "apilint_register_reporters"]


@hookimpl
def apilint_register_reporters(register: Callable[[Reporter], None]) -> None:
    # Imported here so that loading the plugin costs nothing until formats are needed.
    from apilint_reporters.github import GithubReporter
    from apilint_reporters.gitlab import GitlabReporter
    from apilint_reporters.json_format import JsonReporter
    from apilint_reporters.junit import JunitReporter
    from apilint_reporters.markdown import MarkdownReporter
    from apilint_reporters.sarif import SarifReporter
    from apilint_reporters.stylish import StylishReporter
    from apilint_reporters.text import TextReporter

    register(TextReporter())
    register(JsonReporter())
    register(SarifReporter())
    register(StylishReporter())
    register(GithubReporter())
    register(GitlabReporter())
    register(JunitReporter())
    register(MarkdownReporter())


@hookimpl
def apilint_register_conformance_reporters(register: Callable[[ConformanceReporter], None]) -> None:
    from apilint_reporters.conformance_html import ConformanceHtmlReporter
    from apilint_reporters.conformance_json import ConformanceJsonReporter
    from apilint_reporters.conformance_text import ConformanceMarkdownReporter, ConformanceTextReporter

    register(ConformanceTextReporter())
    register(ConformanceMarkdownReporter())
    register(ConformanceJsonReporter())
    register(ConformanceHtmlReporter())
