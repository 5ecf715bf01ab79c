"""Runs the steps of the composite action in action.yml as a GitHub runner runs them.

A runner evaluates each step's ``if`` and the ``${{ }}`` expressions of its ``env``, writes its script
to a file, and runs it with ``bash --noprofile --norc -eo pipefail``, with ``GITHUB_OUTPUT`` naming a
file where the step writes its outputs. ``run_action`` does the same for the expressions action.yml
uses, and refuses to run the installing step, which would fetch apilint from the network: callers pass
``install: false``, and apilint comes from this environment.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parents[2]
ACTION = REPO / "action.yml"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
ANNOTATION = re.compile(r"^::(error|warning|notice) (.*?)::(.*)$")


def load_action() -> Any:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


def steps_of_action() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = load_action()["runs"]["steps"]
    return steps


def parse_annotations(stdout: str) -> list[tuple[str, dict[str, str], str]]:
    """The workflow-command annotations in ``stdout``: each one's level, properties (unescaped) and message."""
    found = []
    for line in stdout.splitlines():
        if match := ANNOTATION.match(line):
            properties = {name: unquote(value) for name, value in
                          (item.split("=", 1) for item in match[2].split(","))}
            found.append((match[1], properties, match[3]))
    return found


@dataclass(frozen=True)
class ActionRun:
    exit_code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    ran: list[str]

    def annotations(self) -> list[tuple[str, dict[str, str], str]]:
        return parse_annotations(self.stdout)


def when(expression: str, inputs: Mapping[str, str]) -> bool:
    """The ``if`` forms action.yml uses; string comparison in GitHub expressions ignores case."""
    match = re.fullmatch(r"inputs\.([\w-]+) (==|!=) '([^']*)'", expression.strip())
    assert match, f"the test cannot evaluate the condition {expression!r}"
    equal = inputs[match[1]].casefold() == match[3].casefold()
    return equal if match[2] == "==" else not equal


def _evaluate(text: str, inputs: Mapping[str, str], outputs: Mapping[str, Mapping[str, str]],
              context: Mapping[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match[1]
        if found := re.fullmatch(r"inputs\.([\w-]+)", expression):
            return inputs[found[1]]
        if found := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expression):
            return outputs.get(found[1], {}).get(found[2], "")
        assert expression in context, f"the test cannot evaluate ${{{{ {expression} }}}}"
        return context[expression]

    return EXPRESSION.sub(value, text)


def _read_outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    assert all("=" in line and "<<" not in line.split("=", 1)[0] for line in lines), lines
    return dict(line.split("=", 1) for line in lines)


def run_action(inputs: Mapping[str, str], workspace: Path, tmp_path: Path) -> ActionRun:
    """Run the action's steps as a runner would, up to the first that fails."""
    action = load_action()
    unknown = set(inputs) - set(action["inputs"])
    assert not unknown, f"not inputs of the action: {unknown}"
    values = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} | dict(inputs)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir(exist_ok=True)
    context = {"github.action_path": str(REPO), "runner.temp": str(runner_temp)}
    outputs: dict[str, dict[str, str]] = {}
    environment = {name: value for name, value in os.environ.items() if not name.startswith("APILINT_")}
    environment["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), environment.get("PATH", "")])
    ran: list[str] = []
    completed = None
    for number, step in enumerate(action["runs"]["steps"]):
        if "if" in step and not when(step["if"], values):
            continue
        assert step["id"] != "install", "the install step would run, and fetch apilint from the network"
        script = runner_temp / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        github_output = runner_temp / f"output-{number}"
        github_output.touch()
        env = {**environment, "GITHUB_OUTPUT": str(github_output), "RUNNER_TEMP": str(runner_temp),
               "GITHUB_ACTION_PATH": str(REPO), "GITHUB_WORKSPACE": str(workspace)}
        env |= {name: _evaluate(str(value), values, outputs, context) for name, value in step.get("env", {}).items()}
        completed = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                                   env=env, capture_output=True, text=True, timeout=120, check=False)
        ran.append(step["id"])
        outputs[step["id"]] = _read_outputs(github_output)
        if completed.returncode != 0:
            break
    assert completed is not None
    declared = {name: _evaluate(spec["value"], values, outputs, context) for name, spec in action["outputs"].items()}
    return ActionRun(completed.returncode, completed.stdout, completed.stderr, declared, ran)
