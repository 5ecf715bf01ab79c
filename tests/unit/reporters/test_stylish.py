from __future__ import annotations

import re
from dataclasses import replace

from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.stylish import StylishReporter
from apilint_reporters.text import TextReporter

from .conftest import ORDERS, PETSTORE, make_finding

ESC = "\x1b"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def render(report: LintReport) -> str:
    return StylishReporter().render(report)


def blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.rstrip("\n").split("\n\n")]


def test_matches_golden(report, golden):
    golden("stylish.txt", render(report))


def test_matches_golden_in_colour(report, golden):
    golden("stylish-color.txt", render(replace(report, color=True)))


def test_baseline_matches_golden(baseline_report, golden):
    golden("stylish-baseline.txt", render(baseline_report))


def test_a_block_per_file_then_the_summary_of_text(report):
    parts = blocks(render(report))
    assert [part[0] for part in parts[:-1]] == [ORDERS, PETSTORE]
    assert parts[-1] == [TextReporter().render(report).splitlines()[-1]]
    assert parts[1][1:] == [
        "  1:1  warn  The info object has no contact email        info-contact",
        "  2:1  warn  The info object has no contact              info-contact",
        "  9:3  info  Is '/petOwners' meant to be '/pet-owners'?  path-kebab-case",
    ]


def test_columns_line_up_within_each_file(report):
    findings = (
        make_finding("info-contact", Severity.WARN, "short", PETSTORE, "/a", Span(2, 1, 2, 2)),
        make_finding("path-kebab-case", Severity.HINT, "mid-sized one", PETSTORE, "/c", Span(9, 3, 9, 4)),
        make_finding("operation-id-unique", Severity.ERROR, "a much longer message", PETSTORE, "/b",
                     Span(120, 13, 120, 20)),
    )
    [block, _] = blocks(render(replace(report, findings=findings)))
    rows = block[1:]
    for column_text in (["warn", "hint", "error"], ["short", "mid-sized one", "a much longer message"],
                        ["info-contact", "path-kebab-case", "operation-id-unique"]):
        assert len({row.index(text) for row, text in zip(rows, column_text, strict=True)}) == 1, column_text
    assert all(row == row.rstrip() for row in rows), "no trailing spaces"
    assert rows == [
        "  2:1     warn   short                  info-contact",
        "  9:3     hint   mid-sized one          path-kebab-case",
        "  120:13  error  a much longer message  operation-id-unique",
    ]


def test_colour_does_not_move_the_columns(report):
    coloured = render(replace(report, color=True))
    assert ANSI.sub("", coloured) == render(report)
    lines = coloured.splitlines()
    assert lines[0] == f"{ESC}[4m{ORDERS}{ESC}[0m"
    assert f"{ESC}[31merror{ESC}[0m  " in lines[1]
    assert lines[1].endswith(f"{ESC}[31moperation-id-unique{ESC}[0m")
    assert ESC not in lines[-1], "the summary stays plain"


def test_no_colour_unless_asked(report):
    assert ESC not in render(report)


def test_clean_run(clean_report):
    assert render(clean_report) == "No problems found in 2 files.\n"


def test_a_message_cannot_break_the_line_or_drive_the_terminal(report):
    finding = make_finding("info-contact", Severity.WARN, "first\nsecond \x1b[2J", PETSTORE, "", Span(1, 1, 1, 2))
    assert render(replace(report, findings=(finding,))).splitlines()[1] == (
        "  1:1  warn  first second \\x1b[2J  info-contact")


def test_baseline_lists_new_findings_then_gone_entries(baseline_report):
    parts = blocks(render(baseline_report))
    assert [part[0] for part in parts[:2]] == [ORDERS, PETSTORE]
    assert parts[2] == ["specs/café orders #2.yaml#/paths/~1orders/get: gone retired-rule Operation has no summary",
                        "specs/petstore.yaml: gone servers-defined The document lists no servers"]
    assert parts[3] == ["2 new problems (1 error, 1 warning) in 2 files; baseline: 3 unchanged (not shown), 2 gone"]


def test_suppressed_findings_are_listed_in_their_file_when_asked(report):
    hidden = make_finding("info-contact", Severity.WARN, "Hidden", PETSTORE, "/x", Span(5, 1, 5, 2))
    with_hidden = replace(report, suppressed=((hidden, "legacy\nAPI"),))
    assert "Hidden" not in render(with_hidden)
    shown = render(replace(with_hidden, show_suppressed=True, color=True)).splitlines()
    assert "  5:1  warn  Hidden (suppressed: legacy API)" in "\n".join(shown)
    assert shown[-1].endswith("in 2 files; 1 suppressed")
    [row] = [line for line in shown if "Hidden" in line]
    assert ESC not in row
