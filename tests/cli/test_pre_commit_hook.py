"""apilint's pre-commit hooks (.pre-commit-hooks.yaml), checked with pre-commit's own code and run through it.

The hook repository is a git repository made from this checkout (its tracked files and its untracked
files that are not ignored), committed, so that pre-commit clones it and installs it in an environment
of its own, with dependencies from the package index, exactly as for a user. That environment is built
once for the module. The projects the hooks run in use the examples in examples/pre-commit/, with only
the repository's address and revision changed to point at that copy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from identify.identify import tags_from_path
from pre_commit.clientlib import load_config, load_manifest  # type: ignore[import-untyped]
from ruamel.yaml import YAML

from tests.cli.sample_documents import (
    BROKEN_SCHEMAS,
    CLEAN_WITH_REF,
    MISSING_VERSION,
    MISSING_VERSION_FINDING,
    SCHEMAS,
)

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
EXAMPLES = REPO / "examples" / "pre-commit"

NOT_OPENAPI = "# Settings of another tool.\nname: orders\nreplicas: 2\n"
# Not valid YAML: apilint would report a syntax error if the hook passed it a Markdown file.
README = "# Orders\n\nSee: the API: [openapi.yaml]\n"

TIMEOUT = 120
# Cloning the hook repository and building its environment, with dependencies from the package index.
INSTALL_TIMEOUT = 900


def _environment(home: Path) -> dict[str, str]:
    """The environment for git and pre-commit: no apilint on PATH (only the hook's own environment may
    provide it), no git configuration of the machine, and a pre-commit cache of the test's own."""
    path = [folder for folder in os.environ.get("PATH", "").split(os.pathsep)
            if folder and not (Path(folder) / "apilint").exists()]
    variables = {name: value for name, value in os.environ.items()
                 if not name.startswith(("GIT_", "PRE_COMMIT", "APILINT_", "VIRTUAL_ENV", "PYTHONPATH"))}
    identity = {"GIT_AUTHOR_NAME": "apilint tests", "GIT_AUTHOR_EMAIL": "tests@apilint.invalid",
                "GIT_COMMITTER_NAME": "apilint tests", "GIT_COMMITTER_EMAIL": "tests@apilint.invalid"}
    return {**variables, **identity, "PATH": os.pathsep.join(path), "PRE_COMMIT_HOME": str(home),
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "NO_COLOR": "1"}


def _run(command: Sequence[str], cwd: Path, env: dict[str, str],
         timeout: int = TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(command), cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def _git(cwd: Path, env: dict[str, str], *args: str) -> str:
    completed = _run(["git", "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args], cwd, env)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout.strip()


def _checkout_files() -> list[Path]:
    """The checkout's tracked files that still exist, and its untracked files that are not ignored."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                            capture_output=True, text=True, timeout=TIMEOUT, check=True).stdout
    return sorted({Path(name) for name in listed.split("\0") if name and (REPO / name).is_file()})


@dataclass(frozen=True)
class HookRepository:
    path: Path
    rev: str
    env: dict[str, str]
    home: Path

    def project(self, root: Path, example: Path, files: dict[str, str]) -> Path:
        """A git repository with ``files`` and the example configuration, pointed at this hook repository."""
        root.mkdir()
        config: Any = YAML(typ="safe").load(example.read_text(encoding="utf-8"))
        [entry] = config["repos"]
        text = example.read_text(encoding="utf-8")
        text = text.replace(f"repo: {entry['repo']}", f"repo: {self.path.as_uri()}", 1)
        text = text.replace(f"rev: {entry['rev']}", f"rev: {self.rev}", 1)
        (root / ".pre-commit-config.yaml").write_text(text, encoding="utf-8")
        for name, content in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(content, encoding="utf-8")
        _git(root, self.env, "init", "-q")
        _git(root, self.env, "add", "-A")
        _git(root, self.env, "commit", "-q", "-m", "The project")
        return root

    def pre_commit(self, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([sys.executable, "-m", "pre_commit", *args, "--color", "never"], project, self.env)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> HookRepository:
    root = tmp_path_factory.mktemp("pre-commit")
    env = _environment(root / "cache")
    source = root / "apilint"
    for name in _checkout_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, source / name)
    _git(source, env, "init", "-q")
    _git(source, env, "add", "-A")
    _git(source, env, "commit", "-q", "-m", "apilint")
    repository = HookRepository(source, _git(source, env, "rev-parse", "HEAD"), env, root / "cache")
    # Build the hook environment once, for every test of the module: the hooks share one repository and rev.
    project = repository.project(root / "install", EXAMPLES / ".pre-commit-config.yaml", {})
    installed = _run([sys.executable, "-m", "pre_commit", "install-hooks"], project, env, timeout=INSTALL_TIMEOUT)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repository


def _load_yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def test_the_manifest_is_valid_for_pre_commit_and_describes_both_hooks() -> None:
    hooks = {hook["id"]: hook for hook in load_manifest(str(MANIFEST))}
    assert set(hooks) == {"apilint", "apilint-project"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["entry"] == "apilint lint --quiet"
        assert hook["types_or"] == ["yaml", "json"]
        # One process sees every file, so that $refs between the files are resolved together.
        assert hook["require_serial"] is True
    assert hooks["apilint"]["pass_filenames"] is True
    assert (hooks["apilint-project"]["pass_filenames"], hooks["apilint-project"]["args"]) == (False, ["."])


@pytest.mark.parametrize(("name", "selected"), [
    ("openapi.yaml", True), ("api.json", True), ("x.yml", True), ("specs/orders.YAML", True),
    ("README.md", False), ("tool.py", False), ("openapi.yaml.txt", False),
])
def test_the_hook_selects_yaml_and_json_files_as_pre_commit_does(tmp_path: Path, name: str, selected: bool) -> None:
    [hook] = [hook for hook in _load_yaml(MANIFEST) if hook["id"] == "apilint"]
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("openapi: 3.1.0\n", encoding="utf-8")
    assert bool(tags_from_path(str(path)) & set(hook["types_or"])) is selected


@pytest.mark.parametrize("example", [".pre-commit-config.yaml", "whole-project/.pre-commit-config.yaml"])
def test_the_example_configurations_are_valid_and_name_a_hook_of_the_manifest(example: str) -> None:
    config = load_config(str(EXAMPLES / example))
    [entry] = config["repos"]
    assert entry["repo"] == "https://github.com/apilint/apilint"
    assert entry["rev"].startswith("v")
    ids = {hook["id"] for hook in load_manifest(str(MANIFEST))}
    assert {hook["id"] for hook in entry["hooks"]} <= ids
    assert all("--standard" in hook["args"] for hook in entry["hooks"])


def test_the_hook_environment_has_its_own_apilint(hooks: HookRepository) -> None:
    # The hooks' environment was built by pre-commit from the hook repository; PATH has no other apilint.
    assert [*hooks.home.glob("repo*/py_env-*/bin/apilint"), *hooks.home.glob("repo*/py_env-*/Scripts/apilint.exe")]
    assert shutil.which("apilint", path=hooks.env["PATH"]) is None


PROJECT = {"openapi.yaml": CLEAN_WITH_REF, "schemas.yaml": SCHEMAS, "legacy.yaml": MISSING_VERSION,
           "deploy/settings.yaml": NOT_OPENAPI, "README.md": README}


def test_a_good_document_and_a_file_that_is_not_openapi_pass(hooks: HookRepository, tmp_path: Path) -> None:
    project = hooks.project(tmp_path / "project", EXAMPLES / ".pre-commit-config.yaml", PROJECT)
    # --verbose shows the hook's output although it passes: nothing is said about the settings file.
    outcome = hooks.pre_commit(project, "run", "--verbose", "--files", "openapi.yaml", "deploy/settings.yaml")
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "apilint" in outcome.stdout and "Passed" in outcome.stdout
    assert "No problems found in 1 file." in outcome.stdout
    assert "settings.yaml" not in outcome.stdout + outcome.stderr


def test_a_bad_document_fails_with_its_finding(hooks: HookRepository, tmp_path: Path) -> None:
    project = hooks.project(tmp_path / "project", EXAMPLES / ".pre-commit-config.yaml", PROJECT)
    outcome = hooks.pre_commit(project, "run", "--files", "legacy.yaml", "deploy/settings.yaml", "README.md")
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    assert "Failed" in outcome.stdout and "- exit code: 1" in outcome.stdout
    assert f"legacy.yaml:2:1: {MISSING_VERSION_FINDING}" in outcome.stdout
    # README.md was not passed to apilint, which would have found a syntax error in it.
    assert "README.md" not in outcome.stdout


def test_all_files_reports_only_the_bad_document(hooks: HookRepository, tmp_path: Path) -> None:
    project = hooks.project(tmp_path / "project", EXAMPLES / ".pre-commit-config.yaml", PROJECT)
    outcome = hooks.pre_commit(project, "run", "--all-files")
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    findings = [line for line in outcome.stdout.splitlines() if ": error " in line or ": warn " in line]
    assert findings and all(line.startswith("legacy.yaml:") for line in findings), outcome.stdout
    assert "settings.yaml" not in outcome.stdout and "README.md" not in outcome.stdout


def test_the_project_hook_checks_a_change_to_a_referenced_file(hooks: HookRepository, tmp_path: Path) -> None:
    files = {**PROJECT, "schemas.yaml": BROKEN_SCHEMAS}
    del files["legacy.yaml"]
    project = hooks.project(tmp_path / "project", EXAMPLES / "whole-project" / ".pre-commit-config.yaml", files)
    # Only the referenced file changed: it is no OpenAPI document, but the document that uses it is linted.
    outcome = hooks.pre_commit(project, "run", "--files", "schemas.yaml")
    assert outcome.returncode == 1, outcome.stdout + outcome.stderr
    assert "schemas.yaml:2:3: error oas3-schema" in outcome.stdout
    (project / "schemas.yaml").write_text(SCHEMAS, encoding="utf-8")
    fixed = hooks.pre_commit(project, "run", "--files", "schemas.yaml")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
