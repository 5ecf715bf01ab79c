"""The limits on what is read: ``--max-file-size``, YAML nesting, and files that never end.

A document over a limit is a finding about it, with the size in the message, whether it is named,
reached through ``$ref`` or read from standard input; a bad limit is a usage error of one line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hostile.harness import line_column, lint, run_apilint

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n'
FILLER = "x-filler: '" + "x" * 2000 + "'\n"  # makes a document 2,000 bytes larger


def test_a_document_over_the_limit_is_a_finding_with_its_size(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(HEAD + FILLER)
    (tmp_path / "small.yaml").write_text(HEAD)
    size = (tmp_path / "big.yaml").stat().st_size
    run = lint(tmp_path, ["big.yaml", "small.yaml"], ["--max-file-size", "1k"])
    assert run.core("big.yaml") == {("unreadable-file", 1, 1)}
    [message] = [f.message for f in run.of("big.yaml")]
    assert message == f"big.yaml is {size:,} bytes, larger than the limit of 1,024 (--max-file-size)"
    assert run.core("small.yaml") == set() and run.of("small.yaml")  # linted


def test_a_referenced_file_over_the_limit_is_reported_at_the_reference(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text("Pet: {type: object}\n" + FILLER)
    text = HEAD + "components:\n  schemas:\n    Pet: {$ref: 'big.yaml#/Pet'}\n"
    (tmp_path / "api.yaml").write_text(text)
    size = (tmp_path / "big.yaml").stat().st_size
    run = lint(tmp_path, ["api.yaml"], ["--max-file-size", "1k"])
    assert run.core("api.yaml") == {("invalid-ref", *line_column(text, text.index("$ref")))}
    assert any(f"big.yaml is {size:,} bytes, larger than the limit of 1,024" in f.message for f in run.of("api.yaml"))
    assert run.of("big.yaml") == []


def test_standard_input_over_the_limit_is_a_finding(tmp_path: Path) -> None:
    run = lint(tmp_path, ["-"], ["--max-file-size", "1k"], stdin=(HEAD + FILLER).encode())
    assert run.core("<stdin>") == {("unreadable-file", 1, 1)}
    assert "larger than the limit of 1,024 bytes (--max-file-size)" in run.of("<stdin>")[0].message


def test_the_default_limit_is_64_mebibytes(tmp_path: Path) -> None:
    with (tmp_path / "huge.yaml").open("wb") as huge:  # sparse: never written, and never read
        huge.write(HEAD.encode())
        huge.truncate(64 * 1024 * 1024 + 1)
    run = lint(tmp_path, ["huge.yaml"])
    assert run.core("huge.yaml") == {("unreadable-file", 1, 1)}
    assert "is 67,108,865 bytes, larger than the limit of 67,108,864" in run.of("huge.yaml")[0].message


@pytest.mark.parametrize("size", ["0", "abc", "-1", "0.5", "inf", "1e400"],
                         ids=["zero", "letters", "negative", "half-a-byte", "infinity", "overflowing"])
def test_a_bad_limit_is_a_usage_error_of_one_line(tmp_path: Path, size: str) -> None:
    (tmp_path / "api.yaml").write_text(HEAD)
    outcome = run_apilint(["lint", "--max-file-size", size, "api.yaml"], tmp_path)
    assert outcome.exit_code == 2
    assert outcome.stdout == ""
    assert outcome.stderr.startswith(f"apilint: error: --max-file-size: {size!r} is not a size")
    assert outcome.stderr.count("\n") == 1, outcome.stderr


@pytest.mark.parametrize("size", ["1.5K", "1mb"])
def test_sizes_with_units_are_limits(tmp_path: Path, size: str) -> None:
    (tmp_path / "api.yaml").write_text(HEAD + "x-filler: '" + "x" * 1200 + "'\n")  # about 1,250 bytes
    assert lint(tmp_path, ["api.yaml"], ["--max-file-size", size]).core("api.yaml") == set()


def test_yaml_nested_deeper_than_the_limit_is_a_finding_where_it_crosses_it(tmp_path: Path) -> None:
    # libyaml takes time quadratic in the depth of flow collections: 160,000 levels would take minutes.
    depth = 100_000
    text = HEAD + "x-deep: " + "[" * depth + "]" * depth + "\n"
    (tmp_path / "deep.yaml").write_text(text)
    run = lint(tmp_path, ["deep.yaml"])
    # The root mapping is the first level; the 20,000th bracket opens the 20,001st.
    assert run.core("deep.yaml") == {("unreadable-file", *line_column(text, text.index("[") + 19_999))}
    assert "nested more than 20,000 levels deep" in run.of("deep.yaml")[0].message
    assert run.process.seconds < 30, run.process.seconds


def test_files_that_never_end_are_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")  # reading it would wait for a writer forever
    (tmp_path / "zeros.yaml").symlink_to("/dev/zero")  # reading it would never end
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "folder" / "pipe.yaml")
    (tmp_path / "folder" / "api.yaml").write_text(HEAD)
    run = lint(tmp_path, ["pipe.yaml", "zeros.yaml", "folder"], ["--root", "/"])
    assert run.core("pipe.yaml") == {("unreadable-file", 1, 1)}
    assert "pipe.yaml is not a regular file (it is a pipe, a socket or a device)" in run.of("pipe.yaml")[0].message
    assert run.core("/dev/zero") == {("unreadable-file", 1, 1)}
    # In a folder, a pipe is not taken for a document; the documents beside it are linted.
    assert run.of("folder/pipe.yaml") == [] and run.of("folder/api.yaml")


PLUGIN = """\
from apilint import hookimpl, rule
from apilint.js_regex import compile_js_regex


@rule(id="house-title", severity="warn", summary="Titles are made of a's.", description="A test rule.",
      bad_example="info: {title: b}\\n", good_example="info: {title: a}\\n")
def house_title(ctx):
    if not compile_js_regex("^(a|aa)+$").test(ctx.data["info"]["title"]):
        yield ctx.violation("/info/title", "the title is not made of a's")


@hookimpl
def apilint_register_rules(register):
    register(house_title)
"""


def test_a_python_rule_whose_pattern_runs_away_is_stopped_with_a_finding(tmp_path: Path) -> None:
    # The document chooses the text; the pattern backtracks catastrophically on it. The engine
    # reported the timeout and then failed with an internal error (UnboundLocalError).
    (tmp_path / "house.py").write_text(PLUGIN)
    (tmp_path / ".apilint.yaml").write_text("plugins: [house.py]\nextends: [oas]\nrules: {house-title: warn}\n")
    (tmp_path / "api.yaml").write_text(HEAD.replace("title: t", "title: " + "a" * 60 + "!"))
    run = lint(tmp_path, ["api.yaml"])
    assert run.core("api.yaml") == set()
    [cut] = [f for f in run.of("api.yaml") if f.rule == "pattern-timeout"]
    assert (cut.line, cut.column) == (1, 1)
    assert cut.message.startswith("rule house-title stopped: the pattern /^(a|aa)+$/ took longer than 1 s")
