"""How the one-traversal engine scales with document size and with the number of declarative rules.

Generates synthetic OpenAPI documents (no network), builds rulesets of N rules from a pool of
realistic Spectral-style rules, and times linting with only those rules (validation and other
Python rules are not part of the measurement). Prints seconds, seconds per MB, and the ratio
to the smallest configuration.

    python benchmarks/declarative_rules.py            # default sizes and rule counts
    python benchmarks/declarative_rules.py --quick    # a smaller run
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from apilint.engine import Linter
from apilint.plugin_host import PluginHost
from apilint.rule_selection_builder import SelectionBuilder
from apilint.workspace import Workspace

# A pool of rule bodies written the way public rulesets write them; each is instantiated
# several times under different ids to reach the wanted rule count.
RULE_POOL = [
    {"given": "$.info", "then": {"field": "contact", "function": "truthy"}},
    {"given": "$.info.version", "then": {"function": "pattern", "functionOptions": {"match": "^\\d+\\.\\d+"}}},
    {"given": "$.paths", "then": {"field": "@key", "function": "pattern", "functionOptions": {"notMatch": "/$"}}},
    {"given": "$.paths[*][get,put,post,delete,patch]", "then": {"field": "operationId", "function": "truthy"}},
    {"given": "$.paths[*][get,put,post,delete,patch]",
     "then": {"field": "operationId", "function": "casing", "functionOptions": {"type": "camel"}}},
    {"given": "$.paths[*][*].responses", "then": {"field": "@key", "function": "pattern",
                                                   "functionOptions": {"match": "^([1-5][0-9]{2}|default)$"}}},
    {"given": "$..parameters[?(@.in == 'query')].name",
     "then": {"function": "casing", "functionOptions": {"type": "camel"}}},
    {"given": "$..properties[*]", "then": {"field": "type", "function": "truthy"}},
    {"given": "$..properties", "then": {"field": "@key", "function": "casing", "functionOptions": {"type": "camel"}}},
    {"given": "$..[?(@.type == 'string')]", "then": {"field": "maxLength", "function": "defined"}},
    {"given": "$..description", "then": {"function": "length", "functionOptions": {"max": 500}}},
    {"given": "$..enum", "then": {"function": "length", "functionOptions": {"min": 1}}},
    {"given": "$.tags[*]", "then": {"field": "description", "function": "truthy"}},
    {"given": "$.servers[*].url", "then": {"function": "pattern", "functionOptions": {"match": "^https://"}}},
    {"given": "$.components.schemas[*]", "then": {"field": "description", "function": "truthy"}},
    {"given": "$..*~", "then": {"function": "pattern", "functionOptions": {"notMatch": "^x-internal"}}},
]


def make_document(operations: int) -> dict[str, object]:
    schemas = {
        f"Model{i}": {
            "type": "object",
            "description": f"Model number {i}.",
            "properties": {
                "id": {"type": "string", "maxLength": 36},
                "name": {"type": "string", "description": "A name."},
                "count": {"type": "integer"},
                "status": {"type": "string", "enum": ["on", "off"]},
            },
        }
        for i in range(max(1, operations // 4))
    }
    paths = {}
    for i in range(operations):
        model = f"Model{i % len(schemas)}"
        paths[f"/items{i}/{{itemId}}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "parameters": [
                    {"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "page_size", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {
                    "200": {"description": "OK", "content": {"application/json": {
                        "schema": {"$ref": f"#/components/schemas/{model}"}}}},
                    "404": {"description": "Not found"},
                },
            }
        }
    return {"openapi": "3.1.0", "info": {"title": "Synthetic", "version": "1.0.0"},
            "servers": [{"url": "https://api.example.com"}], "paths": paths,
            "components": {"schemas": schemas}}


def make_ruleset(count: int, distinct: bool = False) -> dict[str, object]:
    """``count`` rules from the pool; or, with ``distinct``, rules with a path of their own each.

    The distinct rules are the traversal's worst case: every path starts with ``..`` so it is
    alive at every node, and each has its own filter, so no two rules share the walk's work.
    They select (almost) nothing, which isolates the cost of the walk from the cost of checks.
    """
    if distinct:
        rules = {f"rule-{n:03d}": {"given": f"$..properties[?(@['x-flag-{n}'])]", "severity": "warn",
                                   "then": {"function": "truthy"}} for n in range(count)}
    else:
        rules = {f"rule-{n:03d}": {**RULE_POOL[n % len(RULE_POOL)], "severity": "warn"} for n in range(count)}
    return {"rules": rules}


def measure(folder: Path, operations: int, rules: int, repeats: int,
            distinct: bool = False) -> tuple[float, float, int]:
    document_path = folder / f"api-{operations}.json"
    document_path.write_text(json.dumps(make_document(operations), indent=1))
    ruleset_path = folder / f"rules-{rules}-{distinct}.json"
    ruleset_path.write_text(json.dumps(make_ruleset(rules, distinct)))
    host = PluginHost()
    host.load_entry_points()
    plugins = host.collect()
    selection = SelectionBuilder(plugins, folder).select((str(ruleset_path),))
    times = []
    findings = 0
    for _ in range(repeats):
        workspace = Workspace(folder, cwd=folder)
        document = workspace.read_file(document_path)
        linter = Linter(workspace, folder)
        start = time.perf_counter()
        linter.lint(document, selection)
        times.append(time.perf_counter() - start)
        findings = len(linter.findings)
    return statistics.median(times), document_path.stat().st_size / 1e6, findings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller documents and fewer repeats")
    arguments = parser.parse_args()
    sizes = [250, 1000, 4000] if arguments.quick else [250, 1000, 4000, 16000]
    counts = [10, 50, 100] if arguments.quick else [10, 25, 50, 100, 200]
    repeats = 1 if arguments.quick else 3
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        print("Scaling with document size (50 rules):")
        print(f"{'operations':>10} {'MB':>7} {'seconds':>8} {'s/MB':>7} {'findings':>9}")
        for size in sizes:
            seconds, megabytes, findings = measure(folder, size, 50, repeats)
            print(f"{size:>10} {megabytes:>7.2f} {seconds:>8.3f} {seconds / megabytes:>7.3f} {findings:>9}")
        print()
        for distinct, title in ((False, "rules from the pool"), (True, "distinct '..' rules that select nothing")):
            print(f"Scaling with the number of rules ({sizes[1]} operations; {title}):")
            print(f"{'rules':>10} {'seconds':>8} {'x 10 rules':>11}")
            baseline = None
            for count in counts:
                seconds, _, _ = measure(folder, sizes[1], count, repeats, distinct)
                baseline = baseline or seconds
                print(f"{count:>10} {seconds:>8.3f} {seconds / baseline:>11.2f}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
