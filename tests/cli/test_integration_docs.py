"""docs/integrations.md shows each integration example as it is in examples/, so the two cannot drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "integrations.md"
EXAMPLES = [
    "examples/pre-commit/.pre-commit-config.yaml",
    "examples/pre-commit/whole-project/.pre-commit-config.yaml",
    "examples/ci/github-action.yml",
    "examples/ci/github-workflow.yml",
    "examples/ci/gitlab-ci.yml",
    "examples/ci/lint.sh",
    "examples/editors/vscode/tasks.json",
    "examples/editors/vim/apilint.vim",
]
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _blocks() -> list[str]:
    return FENCE.findall(DOC.read_text(encoding="utf-8"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_the_doc_shows_the_example_file_whole_and_once(example: str) -> None:
    text = (REPO / example).read_text(encoding="utf-8")
    assert _blocks().count(text) == 1, f"docs/integrations.md must show {example} exactly as it is"


def test_every_example_of_the_folders_is_in_the_doc() -> None:
    folders = ["examples/pre-commit", "examples/ci", "examples/editors/vscode", "examples/editors/vim"]
    files = {path.relative_to(REPO).as_posix() for folder in folders for path in (REPO / folder).rglob("*")
             if path.is_file()}
    assert files == set(EXAMPLES)


def test_the_docs_relative_links_lead_to_files() -> None:
    links = re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", DOC.read_text(encoding="utf-8"))
    assert links
    missing = [link for link in links if not (DOC.parent / link).exists()]
    assert missing == []
