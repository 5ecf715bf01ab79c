"""``apilint baseline create`` and ``apilint lint --baseline``: adopting the linter on an API with debt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

API = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get: {responses: {'200': {description: ok}}}
"""
#: The same API reformatted (block style, moved lines) with one operation added.
REFORMATTED = """\
openapi: 3.1.0
info:
  version: '1'
  title: t
paths:
  /b:
    get:
      responses: {'200': {description: ok}}
  /a:
    get:
      responses:
        '200':
          description: ok
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "api.yaml").write_text(API)
    return tmp_path


def create(run_cli, project: Path, *extra: str) -> dict:
    outcome = run_cli(["baseline", "create", "-o", ".apilint-baseline.json", *extra, "api.yaml"], project)
    assert outcome.exit_code == 0, outcome.stderr
    assert "recorded 6 findings of 1 document in .apilint-baseline.json" in outcome.stderr
    return json.loads((project / ".apilint-baseline.json").read_text())


def test_create_records_every_finding_deterministically(run_cli, project: Path) -> None:
    first = create(run_cli, project)
    assert {entry["rule"] for entry in first["findings"]} >= {"info-contact", "operation-tags"}
    assert all(set(entry) >= {"rule", "path", "pointer", "message", "fingerprint"} for entry in first["findings"])
    before = (project / ".apilint-baseline.json").read_bytes()
    create(run_cli, project)
    assert (project / ".apilint-baseline.json").read_bytes() == before


def test_only_new_findings_fail_even_after_reformatting(run_cli, project: Path) -> None:
    create(run_cli, project)
    unchanged = run_cli(["lint", "--baseline", ".apilint-baseline.json", "api.yaml"], project)
    assert unchanged.exit_code == 0 and "6 unchanged" in unchanged.stdout
    (project / "api.yaml").write_text(REFORMATTED)
    changed = run_cli(["lint", "--baseline", ".apilint-baseline.json", "--fail-level", "warn", "-f", "json",
                       "api.yaml"], project)
    assert changed.exit_code == 1
    report = json.loads(changed.stdout)
    states = {(f["rule"], f["pointer"]): f["baselineState"] for f in report["findings"]}
    assert states[("operation-tags", "/paths/~1a/get")] == "unchanged"
    assert states[("operation-tags", "/paths/~1b/get")] == "new"
    assert {state for (_, pointer), state in states.items() if not pointer.startswith("/paths/~1b")} == {
        "unchanged"}


def test_fixed_findings_are_reported_as_gone(run_cli, project: Path) -> None:
    create(run_cli, project)
    (project / "api.yaml").write_text(API.replace("get: {", "get: {tags: [a], "))
    outcome = run_cli(["lint", "--baseline", ".apilint-baseline.json", "-f", "sarif", "api.yaml"], project)
    assert outcome.exit_code == 0  # the new finding is a warning
    results = json.loads(outcome.stdout)["runs"][0]["results"]
    absent = [result for result in results if result["baselineState"] == "absent"]
    assert [result["ruleId"] for result in absent] == ["operation-tags"]
    # Naming a tag the document does not declare is a new finding of another rule.
    assert {result["ruleId"] for result in results if result["baselineState"] == "new"} == {"operation-tag-defined"}
    text = run_cli(["lint", "--baseline", ".apilint-baseline.json", "api.yaml"], project).stdout
    assert "1 gone" in text and "operation-tags" in text


def test_files_not_linted_this_time_are_not_gone(run_cli, project: Path) -> None:
    (project / "other.yaml").write_text(API)
    outcome = run_cli(["baseline", "create", "-o", "base.json", "api.yaml", "other.yaml"], project)
    assert outcome.exit_code == 0
    one = run_cli(["lint", "--baseline", "base.json", "-f", "json", "api.yaml"], project)
    assert json.loads(one.stdout)["absent"] == []


def test_the_configuration_names_the_baseline(run_cli, project: Path) -> None:
    create(run_cli, project)
    (project / "specs").mkdir()
    (project / "api.yaml").rename(project / "specs" / "api.yaml")
    # Paths in the baseline are relative to the repository, so the moved file is a new file.
    (project / ".apilint.yaml").write_text("baseline: .apilint-baseline.json\nfail-level: warn\n")
    moved = run_cli(["lint", "specs"], project)
    assert moved.exit_code == 1 and "6 new problems" in moved.stdout
    (project / "specs" / "api.yaml").rename(project / "api.yaml")
    assert run_cli(["lint", "api.yaml"], project).exit_code == 0
    # 'baseline create' ignores the configured baseline: it records everything again.
    create(run_cli, project)


@pytest.mark.parametrize(("content", "words"), [
    ("{not json", "base.json:1:"),
    ('{"version": 99, "findings": []}', "version"),
    ('{"version": 1, "findings": [{"rule": 1}]}', "base.json"),
])
def test_a_bad_baseline_is_one_error_line(run_cli, project: Path, content: str, words: str) -> None:
    (project / "base.json").write_text(content)
    outcome = run_cli(["lint", "--baseline", "base.json", "api.yaml"], project)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert outcome.stderr.startswith("apilint: error: bad baseline: ") and words in outcome.stderr
    assert outcome.stderr.count("\n") == 1


def test_a_missing_baseline_is_an_error(run_cli, project: Path) -> None:
    outcome = run_cli(["lint", "--baseline", "nowhere.json", "api.yaml"], project)
    assert outcome.exit_code == 2 and "nowhere.json" in outcome.stderr


def test_no_baseline_is_written_when_a_rule_fails(run_cli, project: Path) -> None:
    (project / "broken.py").write_text(
        "from apilint import hookimpl, rule\n\n"
        "@rule(id='house-broken', severity='warn', summary='Breaks.', description='It raises.')\n"
        "def broken(context):\n    raise RuntimeError('boom')\n    yield\n\n"
        "@hookimpl\ndef apilint_register_rules(register):\n    register(broken)\n")
    (project / ".apilint.yaml").write_text("plugins: [broken.py]\n")
    outcome = run_cli(["baseline", "create", "-o", "base.json", "api.yaml"], project)
    assert outcome.exit_code == 2 and "boom" in outcome.stderr
    assert not (project / "base.json").exists()


def test_no_baseline_reports_everything_despite_the_configuration(run_cli, project: Path) -> None:
    create(run_cli, project)
    (project / ".apilint.yaml").write_text("baseline: .apilint-baseline.json\nfail-level: warn\n")
    assert run_cli(["lint", "api.yaml"], project).exit_code == 0
    sarif = run_cli(["lint", "--no-baseline", "-f", "sarif", "api.yaml"], project)
    assert sarif.exit_code == 1
    results = json.loads(sarif.stdout)["runs"][0]["results"]
    assert len(results) == 6 and not any("baselineState" in result for result in results)
    both = run_cli(["lint", "--no-baseline", "--baseline", "x.json", "api.yaml"], project)
    assert both.exit_code == 2 and "cannot be used together" in both.stderr


def test_a_file_is_recorded_by_its_path_as_written_and_found_again(run_cli, project: Path) -> None:
    (project / "my api.yaml").write_text(API)
    assert run_cli(["baseline", "create", "-o", "base.json", "my api.yaml"], project).exit_code == 0
    recorded = json.loads((project / "base.json").read_text())["findings"]
    assert {entry["path"] for entry in recorded} == {"my api.yaml"}
    unchanged = run_cli(["lint", "--baseline", "base.json", "my api.yaml"], project)
    assert unchanged.exit_code == 0 and f"{len(recorded)} unchanged" in unchanged.stdout
    # A fixed finding is gone, named in SARIF by its URI reference.
    (project / "my api.yaml").write_text(API.replace("get: {", "get: {tags: [a], "))
    outcome = run_cli(["lint", "--baseline", "base.json", "-f", "sarif", "my api.yaml"], project)
    absent = [result for result in json.loads(outcome.stdout)["runs"][0]["results"]
              if result["baselineState"] == "absent"]
    assert [result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for result in absent] \
        == ["my%20api.yaml"]
    # An entry that names the file by the percent-encoded path of its URI is matched the same way.
    for entry in recorded:
        entry["path"] = "my%20api.yaml"
    (project / "encoded.json").write_text(json.dumps({"version": 1, "tool": {"name": "apilint", "version": "0"},
                                                      "findings": recorded}))
    again = run_cli(["lint", "--baseline", "encoded.json", "-f", "json", "my api.yaml"], project)
    assert [entry["rule"] for entry in json.loads(again.stdout)["absent"]] == ["operation-tags"]
