"""Every output format, end to end on the shipped examples, against golden files.

Regenerate the golden files after an intended change with ``APILINT_UPDATE_GOLDEN=1 pytest tests/cli``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from apilint import __version__

GOLDEN = Path(__file__).parent / "golden"
SCHEMA = Path(__file__).parents[1] / "data" / "sarif" / "sarif-schema-2.1.0.json"
EXAMPLES = ["examples/problems", "examples/multi-file", "examples/petstore", "examples/swagger2"]


def normalise(text: str, repo: Path) -> str:
    # The SARIF source root is the absolute checkout path, which differs between machines.
    return text.replace(repo.as_uri() + "/", "file:///SRCROOT/")


FORMATS = [("text", "txt"), ("json", "json"), ("sarif", "sarif"), ("stylish", "stylish.txt"), ("github", "github.txt"),
           ("gitlab", "gitlab.json"), ("junit", "junit.xml"), ("markdown", "md")]


@pytest.mark.parametrize(("output_format", "suffix"), FORMATS)
def test_examples_match_golden_files(run_cli, repo: Path, output_format: str, suffix: str) -> None:
    outcome = run_cli(["lint", "--format", output_format, *EXAMPLES], repo)
    assert outcome.exit_code == 1, outcome.stderr
    produced = normalise(outcome.stdout, repo)
    golden = GOLDEN / f"examples.{suffix}"
    if os.environ.get("APILINT_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")


def test_examples_sarif_is_valid_and_locates_findings_in_referenced_files(run_cli, repo: Path) -> None:
    outcome = run_cli(["lint", "--format", "sarif", *EXAMPLES], repo)
    log = json.loads(outcome.stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    [run] = log["runs"]
    uris = {result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in run["results"]}
    assert {"examples/problems/openapi.yaml", "examples/problems/responses.yaml"} <= uris
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert {"oas2-schema", "oas3-schema", "syntax-error", "invalid-ref"} <= set(rule_ids)
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


@pytest.mark.parametrize("output_format", [output_format for output_format, _ in FORMATS])
def test_output_is_the_same_on_every_run(run_cli, repo: Path, output_format: str) -> None:
    first = run_cli(["lint", "--format", output_format, *EXAMPLES], repo).stdout
    second = run_cli(["lint", "--format", output_format, *reversed(EXAMPLES)], repo).stdout
    assert first == second


@pytest.mark.parametrize(("output_format", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json"),
                                                         ("html", "html")])
@pytest.mark.parametrize("standard", ["nl-adr@2.2.0", "uk-gds@2.0.0"])
def test_conformance_reports_of_the_standard_examples(run_cli, repo: Path, standard: str, output_format: str,
                                                      suffix: str) -> None:
    standard_id = standard.split("@")[0]
    outcome = run_cli(["conformance", "-s", standard, "-f", output_format,
                       f"examples/standards/{standard_id}/openapi.yaml"], repo)
    assert outcome.exit_code in (0, 1), outcome.stderr
    golden = GOLDEN / f"conformance-{standard_id}.{suffix}"
    produced = outcome.stdout.replace(f"apilint {__version__}", "apilint VERSION")
    if os.environ.get("APILINT_UPDATE_GOLDEN"):
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8")
