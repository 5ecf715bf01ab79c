"""The CI examples in examples/ci/: their structure, and their apilint command lines run for real.

Each ``apilint ...`` line of a workflow or job is taken from the file and run, with the apilint of
this environment, in a project with a clean document and one with an error; the report files it
names must then exist and hold what the CI reads from them. lint.sh is run as a CI would run it.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from ruamel.yaml import YAML

from tests.cli.action_runner import load_action, parse_annotations, run_action
from tests.cli.sample_documents import CLEAN, MISSING_VERSION, MISSING_VERSION_FINDING

REPO = Path(__file__).resolve().parents[2]
CI = REPO / "examples" / "ci"
BIN = Path(sys.executable).parent


def _load(name: str) -> Any:
    return YAML(typ="safe").load((CI / name).read_text(encoding="utf-8"))


def _logical_lines(script: str) -> Iterator[str]:
    """The lines of a shell script, with backslash-continued lines joined."""
    pending = ""
    for line in script.splitlines():
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        yield (pending + line).strip()
        pending = ""


def apilint_commands(scripts: Sequence[str]) -> list[list[str]]:
    return [shlex.split(line) for script in scripts for line in _logical_lines(script) if line.startswith("apilint ")]


def report_files(command: Sequence[str]) -> dict[str, str]:
    """The files a command line sends formats to: ``-o FORMAT=FILE``."""
    values = [command[index + 1] for index, word in enumerate(command[:-1]) if word in ("-o", "--output")]
    values += [word.split("=", 1)[1] for word in command if word.startswith("--output=")]
    assert all("=" in value for value in values), values
    return dict(value.split("=", 1) for value in values)


def _environment() -> dict[str, str]:
    variables = {name: value for name, value in os.environ.items() if not name.startswith(("APILINT_", "GIT_"))}
    return variables | {"PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")])}


@dataclass(frozen=True)
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run(command: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    completed = subprocess.run(list(command), cwd=cwd, env=env or _environment(), capture_output=True, text=True,
                               timeout=120, check=False)
    return Run(completed.returncode, completed.stdout, completed.stderr)


def _project(root: Path, documents: dict[str, str]) -> Path:
    for name, text in documents.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def failing(tmp_path: Path) -> Path:
    return _project(tmp_path / "failing", {"specs/good.yaml": CLEAN, "specs/bad.yaml": MISSING_VERSION})


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    return _project(tmp_path / "clean", {"specs/good.yaml": CLEAN})


def _sarif_files(path: Path) -> set[str]:
    sarif = json.loads(path.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    return {unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
            for result in sarif["runs"][0]["results"]}


def _junit_failures(path: Path) -> dict[str, int]:
    suites = ElementTree.parse(path).getroot()
    assert suites.tag == "testsuites"
    return {suite.attrib["name"]: len(suite.findall("testcase/failure")) for suite in suites.iter("testsuite")}


# GitHub Actions


def _workflow_steps(name: str) -> list[dict[str, Any]]:
    workflow = _load(name)
    [job] = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def _upload_step(name: str) -> dict[str, Any]:
    [upload] = [step for step in _workflow_steps(name)
                if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")]
    return upload


@pytest.mark.parametrize("name", ["github-workflow.yml", "github-action.yml"])
def test_the_workflows_may_upload_sarif_and_upload_it_even_when_lint_fails(name: str) -> None:
    workflow = _load(name)
    # ruamel reads YAML 1.2, where `on` is a string, as GitHub reads it.
    assert set(workflow["on"]) == {"push", "pull_request"}
    assert workflow["permissions"] == {"contents": "read", "security-events": "write"}
    upload = _upload_step(name)
    assert upload["if"] == "always()"
    assert upload["with"]["category"] == "apilint"


def test_the_plain_workflow_writes_the_sarif_file_it_uploads(failing: Path, clean: Path) -> None:
    [command] = apilint_commands([step["run"] for step in _workflow_steps("github-workflow.yml") if "run" in step])
    sarif_file = _upload_step("github-workflow.yml")["with"]["sarif_file"]
    assert report_files(command) == {"sarif": sarif_file}
    outcome = run(command, failing)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    # The format on standard output is the annotations of the github format.
    found = parse_annotations(outcome.stdout)
    assert {(level, properties["file"], properties["line"]) for level, properties, _ in found} == {
        ("error", "specs/bad.yaml", "2")}
    assert _sarif_files(failing / sarif_file) == {"specs/bad.yaml"}
    passing = run(command, clean)
    assert passing.exit_code == 0, passing.stdout + passing.stderr
    assert _sarif_files(clean / sarif_file) == set()


def test_the_action_workflow_passes_inputs_the_action_has_and_uploads_its_sarif_file(failing: Path,
                                                                                    tmp_path: Path) -> None:
    [step] = [step for step in _workflow_steps("github-action.yml")
              if str(step.get("uses", "")).startswith("apilint/apilint@")]
    assert step["uses"].startswith("apilint/apilint@v")
    inputs = {name: str(value) for name, value in step["with"].items()}
    assert set(inputs) <= set(load_action()["inputs"])
    assert inputs["sarif-file"] == _upload_step("github-action.yml")["with"]["sarif_file"]
    outcome = run_action({**inputs, "install": "false"}, failing, tmp_path)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert outcome.outputs == {"exit-code": "1", "sarif-file": inputs["sarif-file"]}
    assert _sarif_files(failing / inputs["sarif-file"]) == {"specs/bad.yaml"}


# GitLab CI


def test_the_gitlab_job_keeps_its_reports_always_and_they_are_the_files_apilint_writes() -> None:
    job = _load("gitlab-ci.yml")["apilint"]
    [command] = apilint_commands(job["script"])
    assert job["artifacts"]["when"] == "always"
    assert job["artifacts"]["reports"] == {"codequality": report_files(command)["gitlab"],
                                           "junit": report_files(command)["junit"]}
    # Text, on standard output, for the job's log.
    assert command[command.index("-f") + 1] == "text"


def test_the_gitlab_command_writes_code_quality_and_junit_reports(failing: Path, clean: Path) -> None:
    [command] = apilint_commands(_load("gitlab-ci.yml")["apilint"]["script"])
    files = report_files(command)
    outcome = run(command, failing)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert f"specs/bad.yaml:2:1: {MISSING_VERSION_FINDING}" in outcome.stdout.splitlines()
    issues = json.loads((failing / files["gitlab"]).read_text(encoding="utf-8"))
    assert issues and {issue["location"]["path"] for issue in issues} == {"specs/bad.yaml"}
    assert {"oas3-schema"} <= {issue["check_name"] for issue in issues}
    failures = _junit_failures(failing / files["junit"])
    assert failures["specs/bad.yaml"] >= 1 and failures.get("specs/good.yaml", 0) == 0
    passing = run(command, clean)
    assert passing.exit_code == 0, passing.stdout + passing.stderr
    assert json.loads((clean / files["gitlab"]).read_text(encoding="utf-8")) == []
    assert sum(_junit_failures(clean / files["junit"]).values()) == 0


# Any other CI: lint.sh


def _lint_sh(project: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    return run(["sh", str(CI / "lint.sh"), *args], project, {**_environment(), **(env or {})})


def test_lint_sh_prints_the_findings_keeps_the_reports_and_exits_with_apilints_code(failing: Path,
                                                                                  clean: Path) -> None:
    outcome = _lint_sh(failing)
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert f"specs/bad.yaml:2:1: {MISSING_VERSION_FINDING}" in outcome.stdout.splitlines()
    assert _sarif_files(failing / "apilint-reports" / "apilint.sarif") == {"specs/bad.yaml"}
    assert _junit_failures(failing / "apilint-reports" / "apilint-junit.xml")["specs/bad.yaml"] >= 1
    passing = _lint_sh(clean, env={"APILINT_REPORTS": "out/lint reports"})
    assert passing.exit_code == 0, passing.stdout + passing.stderr
    assert _sarif_files(clean / "out" / "lint reports" / "apilint.sarif") == set()


def test_lint_sh_lints_the_paths_it_is_given(failing: Path) -> None:
    (failing / "specs" / "good.yaml").rename(failing / "specs" / "good api.yaml")
    outcome = _lint_sh(failing, "specs/good api.yaml")
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert "No problems found in 1 file." in outcome.stdout
    usage = _lint_sh(failing, "missing.yaml")
    assert usage.exit_code == 2 and "missing.yaml" in usage.stderr


def test_lint_sh_lints_only_what_changed_since_a_ref(clean: Path) -> None:
    git = ["git", "-c", "user.name=apilint tests", "-c", "user.email=tests@apilint.invalid",
           "-c", "commit.gpgsign=false"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The API"]):
        assert run([*git, *command], clean).exit_code == 0
    (clean / "specs" / "bad.yaml").write_text(MISSING_VERSION, encoding="utf-8")
    (clean / "specs" / "good.yaml").write_text(MISSING_VERSION, encoding="utf-8")
    assert run([*git, "add", "specs/good.yaml"], clean).exit_code == 0
    assert run([*git, "commit", "-q", "-m", "A mistake"], clean).exit_code == 0
    # Since HEAD, only bad.yaml (untracked) changed; good.yaml's mistake was committed.
    outcome = _lint_sh(clean, env={"APILINT_CHANGED_SINCE": "HEAD"})
    assert outcome.exit_code == 1, outcome.stdout + outcome.stderr
    assert _sarif_files(clean / "apilint-reports" / "apilint.sarif") == {"specs/bad.yaml"}
    everything = _lint_sh(clean)
    assert _sarif_files(clean / "apilint-reports" / "apilint.sarif") == {"specs/bad.yaml", "specs/good.yaml"}
    assert everything.exit_code == 1


def test_lint_sh_installs_apilint_when_it_is_not_on_path(clean: Path, tmp_path: Path) -> None:
    # A python3 that makes a "venv" whose pip records the requirement and installs this environment's apilint.
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "pip.log"
    (tools / "python3").write_text(f"""#!/bin/sh
[ "$1 $2" = "-m venv" ] || exit 99
mkdir -p "$3/bin"
cat > "$3/bin/python" <<'PIP'
#!/bin/sh
echo "$*" >> {shlex.quote(str(log))}
printf '#!/bin/sh\\nexec {shlex.quote(str(BIN / "apilint"))} "$@"\\n' > "$(dirname "$0")/apilint"
chmod +x "$(dirname "$0")/apilint"
PIP
chmod +x "$3/bin/python"
""", encoding="utf-8")
    (tools / "python3").chmod(0o755)
    path = [str(tools), *(folder for folder in os.environ.get("PATH", "").split(os.pathsep)
                          if folder and not (Path(folder) / "apilint").exists())]
    env = {**_environment(), "PATH": os.pathsep.join(path), "APILINT_VENV": str(tmp_path / "venv"),
           "APILINT_REQUIREMENT": "apilint==0.1.0"}
    outcome = run(["sh", str(CI / "lint.sh")], clean, env)
    assert outcome.exit_code == 0, outcome.stdout + outcome.stderr
    assert log.read_text(encoding="utf-8").split() == ["-m", "pip", "install", "--quiet",
                                                       "--disable-pip-version-check", "--", "apilint==0.1.0"]
    assert _sarif_files(clean / "apilint-reports" / "apilint.sarif") == set()
