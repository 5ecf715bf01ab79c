from __future__ import annotations

from dataclasses import replace

import pytest

from apilint.baseline import Baseline, compare_with_baseline
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.text import TextReporter

from .conftest import PETSTORE, entry_of, make_entry, make_finding

ESC = "\x1b"


def render(report: LintReport) -> str:
    return TextReporter().render(report)


def test_matches_golden(report, golden):
    golden("text.txt", render(report))


def test_matches_golden_in_colour(report, golden):
    golden("text-color.txt", render(replace(report, color=True)))


def test_one_line_per_finding_in_report_order_then_blank_line_and_summary(report):
    lines = render(report).splitlines()
    assert lines[: len(report.findings)] == [
        "specs/café orders #2.yaml:14:20: error operation-id-unique "
        "operationId 'listOrders' is also used by GET /orders [OpenAPI 3.1.0, 4.8.10.1]",
        "specs/café orders #2.yaml:30:5: hint acme:tag-description Tag 'orders' has no description.",
        "specs/petstore.yaml:1:1: warn info-contact The info object has no contact email",
        "specs/petstore.yaml:2:1: warn info-contact The info object has no contact",
        "specs/petstore.yaml:9:3: info path-kebab-case Is '/petOwners' meant to be '/pet-owners'?",
    ]
    assert lines[len(report.findings):] == ["", "5 problems (1 error, 2 warnings, 1 info, 1 hint) in 2 files"]


def test_no_colour_codes_unless_asked(report):
    assert ESC not in render(report)


def test_colour_paints_severity_and_rule_id_by_level(report):
    lines = render(replace(report, color=True)).splitlines()
    assert lines[0].startswith(
        f"specs/café orders #2.yaml:14:20: {ESC}[31merror{ESC}[0m {ESC}[31moperation-id-unique{ESC}[0m "
    )
    assert f"{ESC}[2mhint{ESC}[0m {ESC}[2macme:tag-description{ESC}[0m" in lines[1]
    assert f"{ESC}[33mwarn{ESC}[0m {ESC}[33minfo-contact{ESC}[0m" in lines[2]
    assert f"{ESC}[34minfo{ESC}[0m {ESC}[34mpath-kebab-case{ESC}[0m" in lines[4]
    assert ESC not in lines[-1], "the summary stays plain"


def test_clean_run(clean_report):
    assert render(clean_report) == "No problems found in 2 files.\n"


def test_clean_run_of_one_file(clean_report):
    assert render(replace(clean_report, files_linted=1)) == "No problems found in 1 file.\n"


@pytest.mark.parametrize(
    ("severities", "files", "summary"),
    [
        ([Severity.ERROR], 1, "1 problem (1 error, 0 warnings) in 1 file"),
        ([Severity.WARN, Severity.WARN], 3, "2 problems (0 errors, 2 warnings) in 3 files"),
        ([Severity.ERROR, Severity.ERROR, Severity.WARN], 2, "3 problems (2 errors, 1 warning) in 2 files"),
        ([Severity.INFO, Severity.INFO, Severity.HINT], 1,
         "3 problems (0 errors, 0 warnings, 2 infos, 1 hint) in 1 file"),
    ],
)
def test_summary_counts_and_plurals(report, severities, files, summary):
    findings = tuple(
        make_finding("info-contact", severity, "m", PETSTORE, "", Span(line, 1, line, 2))
        for line, severity in enumerate(severities, start=1)
    )
    assert render(replace(report, findings=findings, files_linted=files)).splitlines()[-1] == summary


def test_tool_errors_are_left_to_the_cli(report, failing_report):
    assert render(failing_report) == render(report)


def test_a_message_cannot_break_the_line_or_drive_the_terminal(report):
    finding = make_finding("info-contact", Severity.WARN, "first\nsecond \x1b[2J", PETSTORE, "",
                           Span(1, 1, 1, 2))
    first_line = render(replace(report, findings=(finding,))).splitlines()[0]
    assert first_line == "specs/petstore.yaml:1:1: warn info-contact first second \\x1b[2J"


# With a baseline


def test_baseline_matches_golden(baseline_report, golden):
    golden("text-baseline.txt", render(baseline_report))


def test_baseline_lists_new_findings_then_gone_entries_and_counts_all_three(baseline_report):
    assert render(baseline_report).splitlines() == [
        "specs/café orders #2.yaml:14:20: error operation-id-unique "
        "operationId 'listOrders' is also used by GET /orders [OpenAPI 3.1.0, 4.8.10.1]",
        "specs/petstore.yaml:1:1: warn info-contact The info object has no contact email",
        "specs/café orders #2.yaml#/paths/~1orders/get: gone retired-rule Operation has no summary",
        "specs/petstore.yaml: gone servers-defined The document lists no servers",
        "",
        "2 new problems (1 error, 1 warning) in 2 files; baseline: 3 unchanged (not shown), 2 gone",
    ]


def test_baseline_that_has_every_finding(report):
    everything = Baseline(tuple(entry_of(finding) for finding in report.findings))
    text = render(replace(report, baseline=compare_with_baseline(everything, report.findings)))
    assert text == "No new problems found in 2 files; baseline: 5 unchanged (not shown), 0 gone.\n"


def test_baseline_counts_by_severity_only_the_new_findings(report):
    recorded = Baseline(tuple(entry_of(finding) for finding in report.findings
                              if finding.severity is not Severity.INFO))
    text = render(replace(report, baseline=compare_with_baseline(recorded, report.findings)))
    assert text.splitlines() == [
        "specs/petstore.yaml:9:3: info path-kebab-case Is '/petOwners' meant to be '/pet-owners'?",
        "",
        "1 new problem (0 errors, 0 warnings, 1 info) in 2 files; baseline: 4 unchanged (not shown), 0 gone",
    ]


def test_baseline_summary_keeps_the_suppressed_count_and_lists_suppressed_when_asked(baseline_report):
    hidden = make_finding("info-contact", Severity.WARN, "Hidden", PETSTORE, "/x", Span(40, 1, 40, 2))
    lines = render(replace(baseline_report, suppressed=((hidden, "legacy"),), show_suppressed=True)).splitlines()
    assert lines[2] == "specs/petstore.yaml:40:1: warn info-contact Hidden (suppressed: legacy)"
    assert lines[-1] == ("2 new problems (1 error, 1 warning) in 2 files; baseline: 3 unchanged (not shown), "
                         "2 gone; 1 suppressed")


def test_baseline_gone_lines_are_plain_and_escaped_even_in_colour(report):
    gone = make_entry("info-contact", PETSTORE, "/info", "first\nsecond \x1b[2J")
    lines = render(replace(report, findings=(), color=True,
                           baseline=compare_with_baseline(Baseline((gone,)), ()))).splitlines()
    assert lines == [
        "specs/petstore.yaml#/info: gone info-contact first second \\x1b[2J",
        "",
        "No new problems found in 2 files; baseline: 0 unchanged (not shown), 1 gone.",
    ]


def test_new_findings_are_coloured_as_usual(baseline_report):
    lines = render(replace(baseline_report, color=True)).splitlines()
    assert lines[0].startswith(f"specs/café orders #2.yaml:14:20: {ESC}[31merror{ESC}[0m ")
    assert ESC not in "".join(lines[2:])
