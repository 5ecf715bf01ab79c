from __future__ import annotations

from dataclasses import replace

from apilint.findings import Finding
from apilint.reporting import LintReport
from apilint.severity import Severity
from apilint.sourcemap import Span
from apilint_reporters.github import GithubReporter

from .conftest import PETSTORE, make_finding


def render(report: LintReport) -> str:
    return GithubReporter().render(report)


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return (text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read back the way GitHub's runner reads one: command, properties, message."""
    assert line.startswith("::")
    end = line.index("::", 2)
    command, _, listed = line[2:end].partition(" ")
    properties = dict(pair.split("=", 1) for pair in listed.split(",")) if listed else {}
    return command, {key: unescape_property(value) for key, value in properties.items()}, unescape_data(line[end + 2:])


def one(report: LintReport, finding: Finding) -> str:
    [line] = render(replace(report, findings=(finding,))).splitlines()
    return line


def test_matches_golden(failing_report, golden):
    golden("github.txt", render(failing_report))


def test_baseline_matches_golden(baseline_report, golden):
    golden("github-baseline.txt", render(baseline_report))


def test_a_clean_run_prints_nothing(clean_report):
    assert render(clean_report) == ""


def test_one_command_per_finding_by_severity_and_nothing_else(report):
    lines = render(report).splitlines()
    assert [parse(line)[0] for line in lines] == ["error", "notice", "warning", "warning", "notice"]
    assert render(report).endswith("\n")


def test_a_finding_on_one_line_names_file_lines_columns_and_rule(report):
    assert render(report).splitlines()[0] == (
        "::error file=specs/café orders #2.yaml,line=14,col=20,endLine=14,endColumn=30,title=operation-id-unique"
        "::operationId 'listOrders' is also used by GET /orders [OpenAPI 3.1.0, 4.8.10.1]")


def test_the_file_is_the_repository_path_not_its_uri_encoding(report):
    _, properties, _ = parse(render(report).splitlines()[0])
    assert properties["file"] == "specs/café orders #2.yaml"


def test_a_rule_id_with_a_colon_is_escaped_in_the_title(report):
    line = render(report).splitlines()[1]
    assert ",title=acme%3Atag-description::" in line
    assert parse(line)[1]["title"] == "acme:tag-description"


def test_escaping_follows_the_actions_toolkit(report):
    message = "100% sure: a, b\nnext line"
    path = "specs/50%:a,b\nc.yaml"
    line = one(report, make_finding("info-contact", Severity.WARN, message, path, "", Span(3, 2, 3, 9)))
    assert line == ("::warning file=specs/50%25%3Aa%2Cb%0Ac.yaml,line=3,col=2,endLine=3,endColumn=9,"
                    "title=info-contact::100%25 sure: a, b%0Anext line")
    command, properties, data = parse(line)
    assert (command, properties["file"], properties["title"], data) == ("warning", path, "info-contact", message)
    assert list(properties) == ["file", "line", "col", "endLine", "endColumn", "title"]


def test_a_message_cannot_end_the_command_or_add_a_property(report):
    message = "x::error file=evil.yaml::y,title=z"
    command, properties, data = parse(one(report, make_finding("info-contact", Severity.WARN, message, PETSTORE,
                                                               "", Span(1, 1, 1, 2))))
    assert (command, properties["file"], data) == ("warning", PETSTORE, message)


def test_control_characters_are_shown_and_every_line_break_kept_as_one(report):
    message = "first\r\nsecond\u2028third \x1b[2J\x9b"
    line = one(report, make_finding("info-contact", Severity.WARN, message, PETSTORE, "", Span(1, 1, 1, 2)))
    assert "\x1b" not in line and "\x9b" not in line
    assert parse(line)[2] == "first\nsecond\nthird \\x1b[2J\\x9b"


def test_a_span_over_several_lines_is_annotated_where_it_starts(report):
    line = one(report, make_finding("info-contact", Severity.WARN, "m", PETSTORE, "/info", Span(2, 3, 4, 16)))
    assert line == "::warning file=specs/petstore.yaml,line=2,col=3,title=info-contact::m"


def test_a_file_outside_the_source_root_is_named_in_the_message_only(report):
    finding = replace(make_finding("info-contact", Severity.WARN, "m", "../elsewhere/api.yaml", "", Span(5, 3, 5, 4)),
                      uri="file:///elsewhere/api.yaml")
    assert one(report, finding) == "::warning title=info-contact::../elsewhere/api.yaml:5:3: m"


def test_tool_errors_are_error_commands_titled_apilint(report, failing_report):
    lines = render(failing_report).splitlines()
    assert lines[:-1] == render(report).splitlines()
    assert lines[-1] == "::error title=apilint::rule raised KeyError: 'paths'"


def test_with_a_baseline_only_new_findings_are_annotated(baseline_report):
    assert [parse(line)[1]["title"] for line in render(baseline_report).splitlines()] == [
        "operation-id-unique", "info-contact"]
