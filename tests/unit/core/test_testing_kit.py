"""apilint.testing: rule cases read from YAML, run against installed rules, and rewritten on request."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from apilint.testing import (
    UPDATE_ENV,
    CaseError,
    ExpectedFinding,
    RuleCase,
    case_params,
    check_case,
    load_cases,
    run_case,
)

# operation-summary is a Python rule of the oas plugin; info-contact a declarative rule of the oas ruleset.
SUMMARY_CASES = """\
# Cases for operation-summary.
- name: an operation without a summary   # the summary is what catalogues show
  document:
    openapi: 3.0.3
    info: {title: Orders, version: 1.0.0}
    paths:
      /orders:
        get:
          responses: {"200": {description: The orders}}
        post:
          summary: ""
          responses: {"201": {description: Created}}
  findings:
    - at: /paths/~1orders/get
      message: GET /orders
    - /paths/~1orders/post/summary

- name: operations with summaries
  document: |
    openapi: 3.0.3
    info: {title: Orders, version: 1.0.0}
    paths:
      /orders:
        get:
          summary: List the orders
          responses: {"200": {description: The orders}}
  findings: []
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def failure(case: RuleCase, tmp_path: Path, update: bool = False) -> str:
    with pytest.raises(pytest.fail.Exception) as raised:
        check_case(case, tmp_path, update=update)
    return str(raised.value)


def test_a_folder_of_case_files_becomes_one_param_per_case_named_by_rule_and_case(tmp_path: Path) -> None:
    write(tmp_path / "operation-summary.yaml", SUMMARY_CASES)
    write(tmp_path / "acme__info-owner.yaml", """\
        - name: no owner
          document: {openapi: 3.1.0, info: {title: T, version: "1"}}
        """)
    params = case_params(tmp_path, ruleset="oas")
    assert [param.id for param in params] == [
        "acme:info-owner: no owner",
        "operation-summary: an operation without a summary",
        "operation-summary: operations with summaries",
    ]
    cases = [case for param in params for case in param.values if isinstance(case, RuleCase)]
    assert len(cases) == 3
    assert (cases[1].rule_id, cases[1].source, cases[1].index, cases[1].ruleset) == (
        "operation-summary", tmp_path / "operation-summary.yaml", 0, "oas")
    assert cases[1].findings == (ExpectedFinding("/paths/~1orders/get", "GET /orders"),
                                 ExpectedFinding("/paths/~1orders/post/summary"))
    # A case without findings is a case the rule must stay quiet on.
    assert cases[0].findings == ()
    assert isinstance(cases[2].document, str)


def test_a_ruleset_file_is_named_absolutely_so_the_rule_runs_from_anywhere(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "cases" / "x.yaml", "- {name: n, document: {}}\n")
    monkeypatch.chdir(tmp_path)
    [case] = load_cases(tmp_path / "cases" / "x.yaml", ruleset="rules/team.yaml")
    assert case.ruleset == str(tmp_path / "rules" / "team.yaml")
    [case] = load_cases(tmp_path / "cases" / "x.yaml", ruleset="oas", rule_id="other")
    assert (case.ruleset, case.rule_id) == ("oas", "other")


@pytest.mark.parametrize(("text", "complaint"), [
    ("- name: a\n  document: {}\n  finding: []\n", "case 1: unknown key 'finding'"),
    ("- name: a\n  findings: []\n", "case 1 (a): 'document' must be the root document"),
    ("- document: {}\n", "case 1: the case needs a name"),
    ("- {name: a, document: {}}\n- name: b\n  document: {}\n  findings: [{at: /x, message: a, b}]\n",
     "case 2 (b): a finding is a pointer, or a mapping with 'at'"),
    ("- {name: a, document: {}, findings: /x}\n", "'findings' is a list of pointers"),
    ("- {name: a, document: {}, files: {a.yaml: 3}}\n", "'files' maps relative paths to documents"),
    ("- {name: a, document: {}, options: [1]}\n", "'options' maps the rule's option names to values"),
    ("name: a\n", "a case file is a list of cases"),
    ("[]\n", "a case file is a list of cases"),
    ("- name: a\n  document: {\n", "x.yaml:3:1:"),
])
def test_a_file_not_in_the_case_format_is_refused_saying_where(tmp_path: Path, text: str, complaint: str) -> None:
    path = write(tmp_path / "x.yaml", text)
    with pytest.raises(CaseError) as raised:
        load_cases(path)
    assert complaint in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_folder_without_case_files_is_refused_rather_than_testing_nothing(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="no case files"):
        case_params(tmp_path)


def test_a_python_rule_is_found_among_the_installed_plugins_and_run_alone(tmp_path: Path) -> None:
    path = write(tmp_path / "operation-summary.yaml", SUMMARY_CASES)
    for case in load_cases(path):
        check_case(case, tmp_path)
    findings = run_case(load_cases(path)[0], tmp_path)
    # Alone: the document has no info.description, yet only operation-summary reports.
    assert {finding.rule_id for finding in findings} == {"operation-summary"}
    assert "GET /orders has no summary" in findings[0].message


def test_a_declarative_rule_is_found_in_the_named_ruleset_that_defines_it(tmp_path: Path) -> None:
    path = write(tmp_path / "info-contact.yaml", """\
        - name: no contact
          document: {openapi: 3.1.0, info: {title: Orders, version: "1"}, paths: {}}
          findings: [/info]
        - name: a contact
          document: {openapi: 3.1.0, info: {title: Orders, version: "1", contact: {name: Team}}, paths: {}}
          findings: []
        """)
    for case in load_cases(path):
        assert case.ruleset is None
        check_case(case, tmp_path)


def test_a_rule_of_a_ruleset_file_runs_from_that_file(tmp_path: Path) -> None:
    ruleset = write(tmp_path / "team.yaml", """\
        rules:
          title-prefix:
            description: Titles start with "Team ".
            given: $.info.title
            then: {function: pattern, functionOptions: {match: "^Team "}}
        """)
    path = write(tmp_path / "cases" / "title-prefix.yaml", """\
        - name: a title without the prefix
          document: {openapi: 3.1.0, info: {title: Orders, version: "1"}, paths: {}}
          findings: [{at: /info/title, message: Titles start with}]
        - name: a title with it
          document: {openapi: 3.1.0, info: {title: Team Orders, version: "1"}, paths: {}}
        """)
    for case in load_cases(path, ruleset=ruleset):
        check_case(case, tmp_path)


def test_a_case_can_give_the_rule_options(tmp_path: Path) -> None:
    ruleset = write(tmp_path / "team.yaml", """\
        rules:
          title-prefix:
            description: Titles start with a prefix.
            message: "{{error}}"
            given: $.info.title
            then: {function: pattern, functionOptions: {match: "^Team "}}
        """)
    path = write(tmp_path / "title-prefix.yaml", """\
        - name: another prefix, as the options say
          options: {match: "^Squad "}
          document: {openapi: 3.1.0, info: {title: Team Orders, version: "1"}, paths: {}}
          findings: [{at: /info/title, message: Squad}]
        - name: an option the function does not have
          options: {colour: blue}
          document: {openapi: 3.1.0, info: {title: Team Orders, version: "1"}, paths: {}}
        """)
    with_options, wrong = load_cases(path, ruleset=ruleset)
    assert with_options.options == {"match": "^Squad "}
    check_case(with_options, tmp_path)
    message = failure(wrong, tmp_path)
    assert f"title-prefix: an option the function does not have ({path}, case 2): cannot run rule" in message
    assert "colour" in message


def test_findings_in_other_files_are_written_file_hash_pointer(tmp_path: Path) -> None:
    path = write(tmp_path / "duplicated-entry-in-enum.yaml", """\
        - name: a repeated value in a schema of another file
          document:
            openapi: 3.0.3
            info: {title: Orders, version: "1"}
            paths: {}
            components:
              schemas:
                Order: {$ref: "schemas/order.yaml#/Order"}
          files:
            schemas/order.yaml:
              Order: {type: string, enum: [EUR, USD, EUR]}
          findings: [schemas/order.yaml#/Order/enum]
        """)
    [case] = load_cases(path)
    check_case(case, tmp_path)


def test_a_failing_case_says_what_was_missing_unexpected_and_misworded(tmp_path: Path) -> None:
    path = write(tmp_path / "operation-summary.yaml", """\
        - name: wrong expectations
          document:
            openapi: 3.0.3
            info: {title: Orders, version: 1.0.0}
            paths:
              /orders:
                get: {responses: {"200": {description: The orders}}}
                post: {responses: {"201": {description: Created}}}
          findings:
            - /paths/~1orders/put
            - {at: /paths/~1orders/get, message: has no title}
        """)
    [case] = load_cases(path)
    [get, post] = run_case(case, tmp_path)
    message = failure(case, tmp_path)
    assert f"rule case operation-summary: wrong expectations ({path}, case 1)" in message
    assert "expected, but not reported:\n  /paths/~1orders/put\n" in message
    assert f"reported, but not expected:\n  /paths/~1orders/post: {post.message}\n" in message
    assert ("reported with another message:\n  /paths/~1orders/get: expected a message containing 'has no title'; "
            f"reported: {get.message!r}\n") in message
    assert f"everything the rule reported:\n  /paths/~1orders/get: {get.message}\n" in message
    assert "--apilint-update-cases" in message
    assert path.read_text(encoding="utf-8").count("has no title") == 1  # nothing rewritten without asking


def test_a_quiet_case_fails_when_the_rule_reports(tmp_path: Path) -> None:
    case = RuleCase("operation-summary", "quiet", {
        "openapi": "3.1.0", "info": {"title": "Orders", "version": "1"},
        "paths": {"/orders": {"get": {"responses": {"200": {"description": "ok"}}}}}})
    message = failure(case, tmp_path)
    assert "reported, but not expected:\n  /paths/~1orders/get: " in message
    assert "GET /orders has no summary" in message
    # A case built in Python has no file to rewrite.
    assert "--apilint-update-cases" not in failure(case, tmp_path, update=True)


def test_a_rule_nobody_provides_fails_the_case_with_what_to_do(tmp_path: Path) -> None:
    case = RuleCase("acme:no-such-rule", "anything", {"openapi": "3.1.0"})
    message = failure(case, tmp_path)
    assert "no installed plugin registers a rule 'acme:no-such-rule'" in message
    assert "ruleset=" in message


# A rule of a ruleset file, so that the messages written back are the test's own.
TEAM_RULESET = """\
rules:
  summary-required:
    description: Operations have a summary.
    message: "Operations need a summary: write one"
    given: "$.paths[*][get,put,post,delete]"
    then: {field: summary, function: truthy}
"""

UPDATABLE = """\
# Cases for summary-required.   (kept)
- name: a new finding, a stale one and a kept one
  document:
    openapi: 3.0.3
    info: {title: 'Orders', version: 1.0.0}   # quoting and comments here are kept
    paths:
      /orders:
        get: {responses: {"200": {description: The orders}}}
        post: {summary: "", responses: {"201": {description: Created}}}
  findings:
    # The operation itself, when the summary is missing.
    - /paths/~1orders/get   # kept: still reported
    - at: /paths/~1orders/put
      message: gone

# Between cases. (kept)
- name: no findings key at all
  document: {openapi: 3.0.3, info: {title: O, version: "1"}, paths: {/o: {get: {responses: {}}}}}
- name: "a message that changed: 'quoted' #text"
  document:
    openapi: 3.0.3
    info: {title: O, version: "1"}
    paths: {"/a: b": {get: {responses: {}}}}
  findings: [{at: "/paths/~1a: b/get", message: old words}]
- name: already right
  document: {openapi: 3.0.3, info: {title: O, version: "1"}, paths: {}}
  findings: []
"""

UPDATED = """\
# Cases for summary-required.   (kept)
- name: a new finding, a stale one and a kept one
  document:
    openapi: 3.0.3
    info: {title: 'Orders', version: 1.0.0}   # quoting and comments here are kept
    paths:
      /orders:
        get: {responses: {"200": {description: The orders}}}
        post: {summary: "", responses: {"201": {description: Created}}}
  findings:
    # The operation itself, when the summary is missing.
    - /paths/~1orders/get   # kept: still reported
    - at: /paths/~1orders/post/summary
      message: 'Operations need a summary: write one'

# Between cases. (kept)
- name: no findings key at all
  document: {openapi: 3.0.3, info: {title: O, version: "1"}, paths: {/o: {get: {responses: {}}}}}
  findings:
    - at: /paths/~1o/get
      message: 'Operations need a summary: write one'
- name: "a message that changed: 'quoted' #text"
  document:
    openapi: 3.0.3
    info: {title: O, version: "1"}
    paths: {"/a: b": {get: {responses: {}}}}
  findings:
    - at: '/paths/~1a: b/get'
      message: 'Operations need a summary: write one'
- name: already right
  document: {openapi: 3.0.3, info: {title: O, version: "1"}, paths: {}}
  findings: []
"""


def test_updating_rewrites_only_the_findings_of_failing_cases_keeping_the_rest_as_written(tmp_path: Path) -> None:
    ruleset = write(tmp_path / "team.yaml", TEAM_RULESET)
    path = write(tmp_path / "cases" / "summary-required.yaml", UPDATABLE)
    for case in load_cases(path, ruleset=ruleset):
        check_case(case, tmp_path, update=True)
    assert path.read_text(encoding="utf-8") == UPDATED
    for case in load_cases(path, ruleset=ruleset):  # and now they pass as they are
        check_case(case, tmp_path, update=False)
    for case in load_cases(path, ruleset=ruleset):  # a passing case is not rewritten
        check_case(case, tmp_path, update=True)
    assert path.read_text(encoding="utf-8") == UPDATED


def test_the_environment_variable_asks_for_the_update(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ruleset = write(tmp_path / "team.yaml", TEAM_RULESET)
    path = write(tmp_path / "summary-required.yaml", UPDATABLE)
    monkeypatch.setenv(UPDATE_ENV, "0")
    with pytest.raises(pytest.fail.Exception):
        check_case(load_cases(path, ruleset=ruleset)[1], tmp_path)
    monkeypatch.setenv(UPDATE_ENV, "1")
    check_case(load_cases(path, ruleset=ruleset)[1], tmp_path)
    assert "    - at: /paths/~1o/get\n" in path.read_text(encoding="utf-8")


TEST_MODULE = """\
from pathlib import Path

import pytest

from apilint.testing import RuleCase, case_params, check_case


@pytest.mark.parametrize("case", case_params(Path(__file__).parent / "cases", ruleset="team.yaml"))
def test_rule_case(case: RuleCase, tmp_path: Path) -> None:
    check_case(case, tmp_path)
"""


def test_pytest_apilint_update_cases_regenerates_the_cases_and_they_then_pass(tmp_path: Path) -> None:
    write(tmp_path / "test_cases.py", TEST_MODULE)
    write(tmp_path / "team.yaml", TEAM_RULESET)
    path = write(tmp_path / "cases" / "summary-required.yaml", UPDATABLE)
    environment = {key: value for key, value in os.environ.items() if key != UPDATE_ENV}
    environment["PYTHONDONTWRITEBYTECODE"] = "1"

    def pytest_run(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *options],
                              cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120,
                              check=False)

    before = pytest_run()
    assert before.returncode == 1, before.stdout + before.stderr
    assert "3 failed, 1 passed" in before.stdout
    assert "expected, but not reported:\n  /paths/~1orders/put" in before.stdout
    assert path.read_text(encoding="utf-8") == UPDATABLE
    updating = pytest_run("--apilint-update-cases")
    assert updating.returncode == 0, updating.stdout + updating.stderr
    assert path.read_text(encoding="utf-8") == UPDATED
    after = pytest_run()
    assert after.returncode == 0, after.stdout + after.stderr
    assert "4 passed" in after.stdout
