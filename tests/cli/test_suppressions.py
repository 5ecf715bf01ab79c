"""Suppressions written in documents: both forms, reasons, expiry, unused ones, and how reports show them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tests.cli.test_golden import SCHEMA

API = """\
openapi: 3.0.3
info:
  title: Orders
  version: '1'
  description: Orders.
  contact: {name: Team}
servers:
  - url: https://api.example.org
tags: [{name: ops}]
paths:
  /orders:
    get:
      x-apilint-ignore:
        operation-description: Listed in the partner guide instead.
        operation-tags: {reason: Tags come with the v2 redesign, until: 2999-01-01}
      operationId: listOrders
      responses:
        '200': {description: OK}
  /health:
    get:  # apilint-ignore operation-description: a probe for the load balancer
      operationId: health
      tags: [ops]
      responses:
        '200': {description: OK}
"""


def findings(run_cli, project: Path, *args: str) -> dict:
    outcome = run_cli(["lint", "-f", "json", *args, "api.yaml"], project)
    return json.loads(outcome.stdout)


def test_both_forms_silence_their_rule_where_they_are_written(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API)
    report = findings(run_cli, tmp_path)
    assert [(item["rule"], item["pointer"]) for item in report["findings"]] == []
    assert report["summary"]["suppressed"] == 3
    text = run_cli(["lint", "api.yaml"], tmp_path).stdout
    assert "No problems found in 1 file; 3 suppressed." in text


def test_show_suppressed_lists_them_with_their_reasons(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API)
    report = findings(run_cli, tmp_path, "--show-suppressed")
    assert {(item["rule"], item["reason"]) for item in report["suppressed"]} == {
        ("operation-description", "Listed in the partner guide instead."),
        ("operation-tags", "Tags come with the v2 redesign"),
        ("operation-description", "a probe for the load balancer")}
    text = run_cli(["lint", "--show-suppressed", "api.yaml"], tmp_path).stdout
    assert "(suppressed: a probe for the load balancer)" in text


def test_sarif_leaves_suppressed_results_out_unless_asked(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API)
    plain = json.loads(run_cli(["lint", "-f", "sarif", "api.yaml"], tmp_path).stdout)
    assert plain["runs"][0]["results"] == []
    shown = json.loads(run_cli(["lint", "-f", "sarif", "--show-suppressed", "api.yaml"], tmp_path).stdout)
    jsonschema.validate(shown, json.loads(SCHEMA.read_text(encoding="utf-8")))
    justifications = {result["suppressions"][0]["justification"] for result in shown["runs"][0]["results"]}
    assert "Listed in the partner guide instead." in justifications


def test_expired_unused_and_reasonless_suppressions_are_findings(run_cli, tmp_path: Path) -> None:
    text = (API.replace("until: 2999-01-01", "until: 2020-01-01")
            .replace("operation-description: Listed in the partner guide instead.",
                     "operation-description: ''\n        operation-singular-tag: Only one tag, ever.")
            .replace("  # apilint-ignore operation-description: a probe for the load balancer",
                     "  # apilint-ignore operation-description"))
    (tmp_path / "api.yaml").write_text(text)
    report = findings(run_cli, tmp_path)
    found = {(item["rule"], item["pointer"]) for item in report["findings"]}
    assert ("expired-suppression", "/paths/~1orders/get/x-apilint-ignore/operation-tags") in found
    # The expired suppression silences nothing: the finding is back.
    assert ("operation-tags", "/paths/~1orders/get") in found
    assert ("invalid-suppression", "/paths/~1orders/get/x-apilint-ignore/operation-description") in found
    assert ("invalid-suppression", "/paths/~1health/get") in found
    assert ("operation-description", "/paths/~1health/get") in found
    # operation-singular-tag is not a recommended rule: it did not run, so its suppression is not "unused".
    assert not any(rule == "unused-suppression" for rule, _ in found)
    (tmp_path / ".spectral.yaml").write_text("extends: [[oas, all]]\n")
    report = findings(run_cli, tmp_path)
    assert ("unused-suppression", "/paths/~1orders/get/x-apilint-ignore/operation-singular-tag") in {
        (item["rule"], item["pointer"]) for item in report["findings"]}


def test_a_suppression_covers_what_is_under_its_object_and_nothing_else(run_cli, tmp_path: Path) -> None:
    text = API.replace("paths:\n  /orders:", "x-apilint-ignore:\n  operation-description: Documented on the portal.\n"
                       "paths:\n  /orders:")
    (tmp_path / "api.yaml").write_text(text)
    report = findings(run_cli, tmp_path)
    assert not [item for item in report["findings"] if item["rule"] == "operation-description"]
    # The most specific suppression answers for each finding, so the document-wide one is left unused.
    assert [item["pointer"] for item in report["findings"] if item["rule"] == "unused-suppression"] == [
        "/x-apilint-ignore/operation-description"]


def test_a_suppression_in_a_referenced_file_covers_findings_located_there(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(API.replace("  /health:\n", "  /status:\n    $ref: status.yaml\n  /health:\n"))
    (tmp_path / "status.yaml").write_text(
        "get:\n  x-apilint-ignore:\n    operation-description: Status is self-explanatory.\n"
        "  operationId: status\n  tags: [ops]\n  responses:\n    '200': {description: OK}\n")
    report = findings(run_cli, tmp_path, "--show-suppressed")
    assert report["findings"] == []
    assert ("status.yaml", "/get") in {(item["file"], item["pointer"]) for item in report["suppressed"]}


def test_a_stale_suppression_in_a_clean_document_is_reported(run_cli, tmp_path: Path) -> None:
    text = API.replace("        operation-tags: {reason: Tags come with the v2 redesign, until: 2999-01-01}\n", "")
    text = text.replace("      operationId: listOrders\n", "      operationId: listOrders\n      description: All.\n"
                        "      tags: [ops]\n")
    text = text.replace("  # apilint-ignore operation-description: a probe for the load balancer", "")
    text = text.replace("      operationId: health\n", "      operationId: health\n      description: Up?\n")
    (tmp_path / "api.yaml").write_text(text)
    report = findings(run_cli, tmp_path)
    assert [(item["rule"], item["pointer"]) for item in report["findings"]] == [
        ("unused-suppression", "/paths/~1orders/get/x-apilint-ignore/operation-description")]


def test_a_key_spelled_with_escapes_still_suppresses(run_cli, tmp_path: Path) -> None:
    # What is read is the key, however it is written: a \u escape in JSON, an escaped line break
    # in a quoted YAML key (an explicit one: an implicit key is one line).
    operation = {"x-apilint\\u002dignore": {"operation-description": "Documented elsewhere."},
                 "operationId": "listOrders", "tags": ["ops"], "responses": {"200": {"description": "OK"}}}
    document = {"openapi": "3.0.3", "info": {"title": "Orders", "version": "1", "description": "Orders.",
                                             "contact": {"name": "Team"}},
                "servers": [{"url": "https://api.example.org"}], "tags": [{"name": "ops"}],
                "paths": {"/orders": {"get": operation}}}
    (tmp_path / "api.yaml").write_text(json.dumps(document).replace("\\\\u002d", "\\u002d"))
    report = findings(run_cli, tmp_path)
    assert report["findings"] == [] and report["summary"]["suppressed"] == 1
    folded = API.replace("      x-apilint-ignore:\n", '      ? "x-apilint-\\\n        ignore"\n      :\n')
    assert "x-apilint-ignore" not in folded.split("paths:")[1]
    (tmp_path / "api.yaml").write_text(folded)
    report = findings(run_cli, tmp_path)
    assert report["findings"] == [] and report["summary"]["suppressed"] == 3
