"""``--changed-since REF``: only the documents changed, and those that refer to a changed file."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

DOCUMENT = """\
openapi: 3.1.0
info: {{title: {title}, version: 1.0.0}}
paths:
  /things:
    get:
      responses:
        "200": {{$ref: '{ref}'}}
"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """orders and billing share responses.yaml through common.yaml; pets has its own responses."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "orders.yaml").write_text(DOCUMENT.format(title="Orders", ref="common.yaml#/ok"))
    (tmp_path / "specs" / "billing.yaml").write_text(DOCUMENT.format(title="Billing", ref="common.yaml#/ok"))
    (tmp_path / "specs" / "pets.yaml").write_text(DOCUMENT.format(title="Pets", ref="#/components/responses/ok")
                                                  + "components: {responses: {ok: {description: ok}}}\n")
    (tmp_path / "specs" / "common.yaml").write_text("ok: {$ref: 'responses.yaml#/ok'}\n")
    (tmp_path / "specs" / "responses.yaml").write_text("ok: {description: ok}\n")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    return tmp_path


def linted(outcome_stdout: str) -> set[str]:
    return {line.split(":")[0] for line in outcome_stdout.splitlines() if ":" in line and line.startswith("specs/")}


def test_a_change_deep_in_a_shared_file_lints_every_document_that_reaches_it(run_cli, repo: Path) -> None:
    (repo / "specs" / "responses.yaml").write_text("ok: {description: ''}\nunused: 1\n")
    text = run_cli(["lint", "--changed-since", "main", "specs"], repo)
    assert text.exit_code == 0, text.stderr
    assert text.stdout.rstrip().endswith("in 2 files")
    assert "linting 2 of 3 documents" in text.stderr
    assert {"specs/orders.yaml", "specs/billing.yaml"} <= linted(text.stdout)
    assert "specs/pets.yaml" not in linted(text.stdout)


def test_a_changed_root_alone_is_linted_alone(run_cli, repo: Path) -> None:
    (repo / "specs" / "pets.yaml").write_text((repo / "specs" / "pets.yaml").read_text() + "tags: []\n")
    outcome = run_cli(["lint", "--changed-since", "main", "specs"], repo)
    assert linted(outcome.stdout) == {"specs/pets.yaml"}
    assert outcome.stdout.rstrip().endswith("in 1 file")


def test_a_new_untracked_document_counts_and_an_unchanged_tree_lints_nothing(run_cli, repo: Path) -> None:
    clean = run_cli(["lint", "--changed-since", "HEAD", "specs"], repo)
    assert clean.exit_code == 0
    assert clean.stdout == "No problems found in 0 files.\n"
    assert "linting 0 of 3 documents" in clean.stderr
    (repo / "specs" / "new.yaml").write_text(DOCUMENT.format(title="New", ref="nowhere.yaml#/ok"))
    outcome = run_cli(["lint", "--changed-since", "HEAD", "specs"], repo)
    assert outcome.exit_code == 1
    assert linted(outcome.stdout) == {"specs/new.yaml"}
    assert "invalid-ref" in outcome.stdout


def test_a_deleted_file_lints_the_documents_that_referred_to_it(run_cli, repo: Path) -> None:
    (repo / "specs" / "responses.yaml").unlink()
    outcome = run_cli(["lint", "--changed-since", "main", "specs"], repo)
    assert outcome.exit_code == 1
    assert "linting 2 of 3 documents" in outcome.stderr
    assert "specs/pets.yaml" not in linted(outcome.stdout)
    # The broken $ref is reported where it is written, once for both documents.
    broken = [line for line in outcome.stdout.splitlines() if "invalid-ref" in line]
    assert len(broken) == 1 and broken[0].startswith("specs/common.yaml:1:")


def test_an_unknown_ref_is_one_error_line(run_cli, repo: Path) -> None:
    outcome = run_cli(["lint", "--changed-since", "origin/main", "specs"], repo)
    assert outcome.exit_code == 2
    assert outcome.stderr == ("apilint: error: --changed-since: 'origin/main' is not a commit this repository has "
                              "(in a shallow CI clone, fetch more history, e.g. fetch-depth: 0)\n")
    assert outcome.stdout == ""
