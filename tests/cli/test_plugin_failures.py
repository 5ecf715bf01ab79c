"""Plugins that fail, misbehave or hang: the run goes on, names the plugin and rule, and exits with 2."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

API = """\
openapi: 3.1.0
info: {title: Pets, version: 1.0.0}
paths:
  /pets:
    get:
      summary: List pets
      responses: {"200": {description: ok}}
"""

PLUGIN = """\
import time

from apilint import FunctionResult, RuleFunction, Violation, hookimpl, rule


@rule(id="house:{name}", severity="error", summary="A rule that misbehaves.", description="On purpose.")
def check(ctx):
{body}


def _slow_function(value, options, context):
    time.sleep(60)
    yield FunctionResult("is never reached")


@hookimpl
def apilint_register_rules(register):
{registration}


@hookimpl
def apilint_register_functions(register):
    register(RuleFunction(name="slowFunction", check=_slow_function, description="Sleeps."))
"""

BODIES = {
    "raises": "    raise KeyError('paths')",
    "garbage": "    yield 'not a violation'",
    "slow": "    time.sleep(60)\n    yield Violation('', 'is never reached')",
    "loops": "    while True:\n        pass\n    yield Violation('', 'is never reached')",
}


def project(tmp_path: Path, body: str, registration: str = "    register(check)") -> Path:
    (tmp_path / "api.yaml").write_text(API)
    (tmp_path / "house.py").write_text(PLUGIN.format(name=body, body=BODIES.get(body, "    yield from ()"),
                                                     registration=registration))
    (tmp_path / ".apilint.yaml").write_text("plugins: [house.py]\n")
    return tmp_path


@pytest.mark.parametrize(("body", "complaint"), [
    ("raises", "rule house:raises (from house) raised KeyError: 'paths' while linting api.yaml"),
    ("garbage", "rule house:garbage (from house) yielded str, not a Violation while linting api.yaml"),
    ("slow", "rule house:slow (from house) took longer than 1 s and was stopped while linting api.yaml"),
    ("loops", "rule house:loops (from house) took longer than 1 s and was stopped while linting api.yaml"),
])
def test_a_rule_that_fails_is_one_error_line_and_the_other_rules_still_report(
        run_process, tmp_path: Path, body: str, complaint: str) -> None:
    started = time.monotonic()
    outcome = run_process(["lint", "--rule-time-limit", "1", "api.yaml"], project(tmp_path, body))
    assert time.monotonic() - started < 30
    assert outcome.exit_code == 2
    assert outcome.stderr == f"apilint: error: {complaint}\n"
    assert "warn info-contact" in outcome.stdout  # the built-in rules ran all the same
    assert "Traceback" not in outcome.stdout + outcome.stderr


def test_the_same_in_worker_processes(run_process, tmp_path: Path) -> None:
    folder = project(tmp_path, "slow")
    for number in range(3):
        (folder / f"api-{number}.yaml").write_text(API)
    outcome = run_process(["lint", "--rule-time-limit", "1", "-j", "2", "."], folder)
    assert outcome.exit_code == 2
    assert outcome.stderr.count("rule house:slow (from house) took longer than 1 s and was stopped") == 4


def test_a_slow_function_stops_its_rule_for_the_document(run_process, tmp_path: Path) -> None:
    folder = project(tmp_path, "none")
    (folder / "slow.yaml").write_text(
        "functions: [slowFunction]\nrules:\n  sleepy:\n    given: $.paths[*][*]\n    then: {function: slowFunction}\n")
    (folder / ".apilint.yaml").write_text("plugins: [house.py]\nextends: [oas, slow.yaml]\n")
    started = time.monotonic()
    outcome = run_process(["lint", "--rule-time-limit", "1", "api.yaml"], folder)
    assert time.monotonic() - started < 30
    assert outcome.exit_code == 2
    assert outcome.stderr == (
        "apilint: error: rule sleepy (from slow.yaml) function 'slowFunction' took longer than 1 s on one value "
        "and was stopped; the rule was not run on the rest of the document (slow.yaml:3) while linting api.yaml\n")


def test_a_plugin_that_raises_while_registering_is_named_and_the_others_run(run_process, tmp_path: Path) -> None:
    folder = project(tmp_path, "none", registration="    raise RuntimeError('registration failed')")
    outcome = run_process(["lint", "api.yaml"], folder)
    assert outcome.exit_code == 2
    assert "plugin 'house'" in outcome.stderr and "registration failed" in outcome.stderr
    assert "warn info-contact" in outcome.stdout


def test_no_time_limit_when_asked_for_none(run_process, tmp_path: Path) -> None:
    folder = project(tmp_path, "none")
    outcome = run_process(["lint", "--rule-time-limit", "0", "api.yaml"], folder)
    assert outcome.exit_code == 0, outcome.stderr
