"""The code stays ruff- and mypy-clean, and the core stays free of plugins."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
                          env=None if env is None else {**os.environ, **env})


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff comes with the test extras")
def test_ruff() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    result = run(ruff, "check", "apilint", "plugins", "standards", "tests", "benchmarks", "docs", "examples")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr
    # The standards folder is installed as a package of another name, so it is checked as a file.
    result = run(sys.executable, "-m", "mypy", "--strict", "standards/__init__.py")
    assert result.returncode == 0, result.stdout + result.stderr
    # The example plugin is what plugin authors copy: it type-checks strictly against apilint's own types.
    example = REPO / "examples" / "acme-plugin"
    result = run(sys.executable, "-m", "mypy", "--strict", "-p", "apilint_acme",
                 env={"MYPYPATH": os.pathsep.join([str(example / "src"), str(REPO)])})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_core_imports_no_plugin() -> None:
    plugin_packages = {path.name for path in (REPO / "plugins").iterdir() if path.is_dir()}
    offenders = []
    for source in (REPO / "apilint").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{source.name}: {name}" for name in names if name.split(".")[0] in plugin_packages]
    assert offenders == []


def test_every_package_is_installed() -> None:
    import tomllib

    setuptools = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(setuptools["packages"])
    folders = {"": REPO, **{name: REPO / path for name, path in setuptools["package-dir"].items()}}
    found = set()
    for prefix, folder in folders.items():
        for init in folder.rglob("__init__.py"):
            parts = init.parent.relative_to(folder).parts
            if prefix:
                found.add(".".join((prefix, *parts)))
            elif parts and parts[0] == "apilint":
                found.add(".".join(parts))
    assert listed == found
