"""A pattern that backtracks catastrophically stops its rule, with a finding, instead of hanging the run."""

from __future__ import annotations

import json
import time
from pathlib import Path

from apilint.js_regex import MATCH_TIMEOUT_SECONDS

RUNAWAY = "a" * 60 + "!"

RULESET = """\
rules:
  title-shape:
    description: Titles are made of a's.
    given: $.paths[*][*].summary
    then: {function: pattern, functionOptions: {match: "^(a|aa)+$"}}
"""


def document(summaries: list[str]) -> str:
    operations = {f"/p{number}": {"get": {"summary": text, "responses": {"200": {"description": "ok"}}}}
                  for number, text in enumerate(summaries)}
    return json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": operations})


def test_a_ruleset_pattern_that_runs_away_stops_its_rule_once_and_says_where(run_process, tmp_path: Path) -> None:
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    # Many runaway values: only the first is tried, so the run takes about one time limit, not fifty.
    (tmp_path / "api.json").write_text(document(["aaa", "b", *[RUNAWAY] * 50]))
    started = time.monotonic()
    outcome = run_process(["lint", "-r", "ruleset.yaml", "-f", "json", "api.json"], tmp_path)
    elapsed = time.monotonic() - started
    assert outcome.exit_code == 0, outcome.stderr  # both rules warn
    assert "Traceback" not in outcome.stderr
    findings = [(item["rule"], item["pointer"], item["message"]) for item in json.loads(outcome.stdout)["findings"]]
    assert ("title-shape", "/paths/~1p1/get/summary", "Titles are made of a's.") in findings
    cut = [item for item in findings if item[0] == "pattern-timeout"]
    assert cut == [("pattern-timeout", "/paths/~1p2/get/summary",
                    f"rule title-shape stopped here: the pattern /^(a|aa)+$/ took longer than "
                    f"{MATCH_TIMEOUT_SECONDS:g} s on this value, so it was not run on the rest of the document")]
    assert not any(item[0] == "title-shape" and item[1] > "/paths/~1p2" for item in findings)
    assert elapsed < 10 * MATCH_TIMEOUT_SECONDS + 5


def test_a_schema_pattern_in_the_document_cannot_hang_example_validation(run_process, tmp_path: Path) -> None:
    schema = {"type": "string", "pattern": "^(a|aa)+$", "example": RUNAWAY}
    (tmp_path / "api.json").write_text(json.dumps({
        "openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"Runaway": schema}}}))
    outcome = run_process(["lint", "-f", "json", "api.json"], tmp_path)
    assert outcome.exit_code == 0, outcome.stderr
    cut = [item for item in json.loads(outcome.stdout)["findings"] if item["rule"] == "pattern-timeout"]
    assert [item["pointer"] for item in cut] == ["/components/schemas/Runaway"]
    assert "rule oas3-valid-schema-example stopped here" in cut[0]["message"]
