"""The GitHub Action (action.yml): its inputs reach the scripts safely, and its lint step runs as a runner runs it.

A runner evaluates each step's ``if`` and the ``${{ }}`` expressions of its ``env``, writes its script
to a file, and runs it with ``bash --noprofile --norc -eo pipefail``, with ``GITHUB_OUTPUT`` naming a
file where the step writes its outputs. The tests do the same, with the input ``install: false``
(apilint is already on PATH, from this environment), which skips the installing step.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.cli.action_runner import load_action, run_action, steps_of_action, when
from tests.cli.sample_documents import CLEAN, MISSING_VERSION

# Names a shell would expand, were an input ever evaluated: the tests check that nothing ran.
BAD_NAME = "specs dir/bad $(touch pwned) `touch pwned2`.yaml"
GOOD_NAME = "specs dir/good api.yaml"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    for name, text in {GOOD_NAME: CLEAN, BAD_NAME: MISSING_VERSION}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_every_input_is_used_and_no_script_interpolates_an_expression() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    used = set()
    for step in action["runs"]["steps"]:
        # An expression in a script is pasted into it before bash reads it: a script-injection hole.
        assert "${{" not in step["run"], step["name"]
        assert step["shell"] == "bash"
        for name, value in step.get("env", {}).items():
            used |= set(re.findall(r"inputs\.([\w-]+)", str(value)))
            assert re.search(rf"\${{?{name}\b", step["run"]), f"{name} is set for {step['name']!r} but not used"
        used |= set(re.findall(r"inputs\.([\w-]+)", str(step.get("if", ""))))
    assert used == set(action["inputs"])
    assert set(action["outputs"]) == {"exit-code", "sarif-file"}
    assert action["inputs"]["format"]["default"] == "github"
    assert action["inputs"]["paths"]["default"] == "."


def test_the_scripts_are_valid_bash() -> None:
    for step in steps_of_action():
        checked = subprocess.run(["bash", "-n"], input=step["run"], capture_output=True, text=True, timeout=30,
                                 check=False)
        assert checked.returncode == 0, f"{step['name']}: {checked.stderr}"


def test_the_install_step_runs_unless_install_is_false() -> None:
    [install] = [step for step in steps_of_action() if step["id"] == "install"]
    assert when(install["if"], {"install": "true"})
    assert not when(install["if"], {"install": "false"})
    assert not when(install["if"], {"install": "False"})
    # The installed apilint is passed on as the step's output, and used by the lint step.
    assert 'echo "apilint=$bin/apilint" >> "$GITHUB_OUTPUT"' in install["run"]
    [lint] = [step for step in steps_of_action() if step["id"] == "lint"]
    assert lint["env"]["APILINT"] == "${{ steps.install.outputs.apilint }}"


def test_a_failing_document_is_annotated_written_as_sarif_and_fails_the_step(workspace: Path, tmp_path: Path) -> None:
    outcome = run_action({"install": "false", "paths": f"{BAD_NAME}\n{GOOD_NAME}\n",
                          "sarif-file": "reports/apilint results.sarif",
                          "args": "--ignore 'operation-tags'  --color \"never\""}, workspace, tmp_path)
    assert outcome.ran == ["lint"]
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    annotations = outcome.annotations()
    assert annotations, outcome.stdout
    level, properties, message = annotations[0]
    assert (level, properties["file"], properties["line"]) == ("error", BAD_NAME, "2")
    assert 'property "version" is required in info' in message
    assert {found[1]["file"] for found in annotations} == {BAD_NAME}
    sarif = json.loads((workspace / "reports" / "apilint results.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    locations = [result["locations"][0]["physicalLocation"] for result in sarif["runs"][0]["results"]]
    assert {unquote(location["artifactLocation"]["uri"]) for location in locations} == {BAD_NAME}
    assert outcome.outputs == {"exit-code": "1", "sarif-file": "reports/apilint results.sarif"}
    # No input was ever run as shell code.
    assert not list(workspace.rglob("pwned*"))


def test_a_clean_document_passes(workspace: Path, tmp_path: Path) -> None:
    outcome = run_action({"install": "false", "paths": GOOD_NAME, "sarif-file": "apilint.sarif"}, workspace, tmp_path)
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert outcome.annotations() == []
    sarif = json.loads((workspace / "apilint.sarif").read_text(encoding="utf-8"))
    assert (sarif["version"], sarif["runs"][0]["results"]) == ("2.1.0", [])
    assert outcome.outputs == {"exit-code": "0", "sarif-file": "apilint.sarif"}


def test_without_sarif_file_no_sarif_is_written(workspace: Path, tmp_path: Path) -> None:
    outcome = run_action({"install": "false"}, workspace, tmp_path)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert outcome.outputs == {"exit-code": "1", "sarif-file": ""}
    assert {found[1]["file"] for found in outcome.annotations()} == {BAD_NAME}
    assert not list(workspace.rglob("*.sarif"))


def test_the_selection_inputs_reach_apilint(workspace: Path, tmp_path: Path) -> None:
    rules = workspace / "house rules" / "rules.yaml"
    rules.parent.mkdir()
    rules.write_text("rules:\n  house-no-orders:\n    severity: info\n"
                     "    given: $.paths['/orders']\n    then: {function: falsy}\n", encoding="utf-8")
    (workspace / GOOD_NAME).write_text(CLEAN.replace("https://api", "http://api"), encoding="utf-8")
    inputs = {"install": "false", "paths": GOOD_NAME, "format": "json", "standard": "nl-adr",
              "ruleset": "house rules/rules.yaml"}
    passing = run_action(inputs, workspace, tmp_path)
    assert passing.exit_code == 0, passing.stdout + passing.stderr
    rules_found = {finding["rule"] for finding in json.loads(passing.stdout)["findings"]}
    # The ruleset's rule (info) and the standard's (a warning, for plain http): below the default fail level.
    assert rules_found == {"house-no-orders", "nlgov:servers-use-https"}
    failing = run_action({**inputs, "fail-level": "info"}, workspace, tmp_path)
    assert failing.exit_code == 1, failing.stdout + failing.stderr
    assert failing.outputs["exit-code"] == "1"


def test_the_config_input_is_used(workspace: Path, tmp_path: Path) -> None:
    config = workspace / "ci config" / ".apilint.yaml"
    config.parent.mkdir()
    config.write_text("rules:\n  oas3-schema: off\n", encoding="utf-8")
    outcome = run_action({"install": "false", "paths": BAD_NAME, "config": "ci config/.apilint.yaml"}, workspace,
                         tmp_path)
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert outcome.annotations() == []


def test_args_with_an_unmatched_quote_stop_the_step(workspace: Path, tmp_path: Path) -> None:
    outcome = run_action({"install": "false", "args": "--ignore 'operation-tags"}, workspace, tmp_path)
    assert outcome.exit_code == 2
    assert "::error title=apilint::the args input could not be split into words" in outcome.stdout
