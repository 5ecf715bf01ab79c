"""apilint: an OpenAPI linter with pluggable rule sets for API design standards.

The names exported here are the plugin API: what a rule or format plugin needs.
"""

from __future__ import annotations

from apilint.document import Document
from apilint.findings import Finding, ToolError, Violation
from apilint.functions import UNDEFINED, FunctionContext, FunctionResult, RuleFunction
from apilint.hookspecs import hookimpl
from apilint.index import DocumentIndex, Node, Operation
from apilint.linting_context import RuleContext
from apilint.reporting import LintReport, PluginInfo, Reporter
from apilint.rules import Rule, rule
from apilint.rulesets.model import NamedRuleset
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint.standards.model import StandardSource

__version__ = "0.1.0"

__all__ = [
    "UNDEFINED",
    "Document",
    "DocumentIndex",
    "Finding",
    "FunctionContext",
    "FunctionResult",
    "LintReport",
    "NamedRuleset",
    "Node",
    "Operation",
    "PluginInfo",
    "Reporter",
    "Rule",
    "RuleContext",
    "RuleFunction",
    "Severity",
    "Span",
    "StandardSource",
    "ToolError",
    "Violation",
    "__version__",
    "hookimpl",
    "rule",
]
