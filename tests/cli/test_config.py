"""Configuration files: discovery, every key, precedence, and bad configuration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

RULESET = """\
rules:
  needs-description:
    description: The API is described.
    given: $.info
    then: {field: description, function: truthy}
"""
API = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n"

#: A local plugin with a Python rule that has an option.
LOCAL_PLUGIN = '''
from apilint import hookimpl, rule


@rule(id="house-title-length", severity="warn", summary="Titles are short.",
      description="Long titles are cut off in portals.", options={"max": 10})
def title_length(context):
    title = context.data.get("info", {}).get("title", "")
    if len(title) > context.options["max"]:
        yield context.violation("/info/title", f"title is longer than {context.options['max']} characters")


@hookimpl
def apilint_register_rules(register):
    register(title_length)
'''


@pytest.fixture
def monorepo(tmp_path: Path) -> Path:
    for team in ("alpha", "beta"):
        (tmp_path / team / "specs").mkdir(parents=True)
        (tmp_path / team / "specs" / "api.yaml").write_text(API)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "house.yaml").write_text(RULESET)
    (tmp_path / "alpha" / ".apilint.yaml").write_text("extends: ../rules/house.yaml\n")
    return tmp_path


def rule_ids(stdout: str) -> set[str]:
    """The rule ids of text findings (``path:line:col: severity rule message``)."""
    return {line.split()[2] for line in stdout.splitlines() if line.count(":") >= 3 and len(line.split()) > 2}


# -- discovery and precedence


def test_the_nearest_configuration_applies_to_each_document(run_cli, monorepo: Path) -> None:
    outcome = run_cli(["lint", "alpha", "beta"], monorepo)
    assert "alpha/specs/api.yaml:2:1: warn needs-description" in outcome.stdout
    # beta has no configuration: the house rule does not run there, the default rules do.
    beta = [line for line in outcome.stdout.splitlines() if line.startswith("beta/")]
    assert beta and not [line for line in beta if "needs-description" in line]
    assert "beta/specs/api.yaml:2:1: warn info-description" in outcome.stdout


def test_pyproject_tables_count_only_when_present(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / "pyproject.toml").write_text('[project]\nname = "beta"\n')
    (monorepo / "pyproject.toml").write_text('[tool.apilint]\nextends = "rules/house.yaml"\n')
    outcome = run_cli(["lint", "beta"], monorepo)
    assert "beta/specs/api.yaml:2:1: warn needs-description" in outcome.stdout


def test_command_line_beats_configuration_beats_spectral_file(run_cli, monorepo: Path) -> None:
    (monorepo / "alpha" / "specs" / ".spectral.yaml").write_text("rules: {}\n")
    configured = run_cli(["lint", "alpha"], monorepo)
    assert "needs-description" in configured.stdout
    (monorepo / "other.yaml").write_text(RULESET.replace("needs-description", "other-rule"))
    from_cli = run_cli(["lint", "-r", "other.yaml", "alpha"], monorepo)
    assert "other-rule" in from_cli.stdout and "needs-description" not in from_cli.stdout


def test_a_configuration_without_ruleset_keys_leaves_the_spectral_file_in_charge(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / ".spectral.yaml").write_text("extends: ../rules/house.yaml\n")
    (monorepo / "beta" / ".apilint.yaml").write_text("fail-level: warn\n")
    outcome = run_cli(["lint", "beta"], monorepo)
    assert rule_ids(outcome.stdout) == {"needs-description"}
    assert outcome.exit_code == 1  # a warning fails at the configured level


def test_config_option_names_one_for_every_document(run_cli, monorepo: Path) -> None:
    (monorepo / "ci.yaml").write_text("extends: rules/house.yaml\n")
    outcome = run_cli(["lint", "--config", "ci.yaml", "beta"], monorepo)
    assert "beta/specs/api.yaml:2:1: warn needs-description" in outcome.stdout


# -- rules, options and overrides


def test_rules_without_extends_adjust_the_default_rules(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / ".apilint.yaml").write_text("rules:\n  info-description: error\n  info-contact: off\n")
    outcome = run_cli(["lint", "beta"], monorepo)
    assert "beta/specs/api.yaml:2:1: error info-description" in outcome.stdout
    assert "info-contact" not in outcome.stdout
    assert "oas3-api-servers" in rule_ids(outcome.stdout)  # the other default rules still run
    assert outcome.exit_code == 1


def test_options_of_a_python_rule_from_a_local_plugin(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / "house_rules.py").write_text(LOCAL_PLUGIN)
    (monorepo / "beta" / "specs" / "api.yaml").write_text(API.replace("title: t", "title: A rather long title"))
    config = monorepo / "beta" / ".apilint.yaml"
    config.write_text("plugins: [house_rules.py]\n")
    assert "title is longer than 10 characters" in run_cli(["lint", "beta"], monorepo).stdout
    config.write_text("plugins: [house_rules.py]\nrules:\n  house-title-length: {options: {max: 40}}\n")
    assert "house-title-length" not in run_cli(["lint", "beta"], monorepo).stdout
    # The plugin is the configuration's: documents elsewhere do not get its rule.
    (monorepo / "alpha" / "specs" / "api.yaml").write_text(API.replace("title: t", "title: A rather long title"))
    assert "house-title-length" not in run_cli(["lint", "alpha"], monorepo).stdout
    shown = run_cli(["rule", "house-title-length"], monorepo / "beta")
    assert shown.exit_code == 0 and "max: 40" in shown.stdout


def test_options_of_a_declarative_rule_change_its_function_options(run_cli, monorepo: Path) -> None:
    (monorepo / "rules" / "house.yaml").write_text(
        "rules:\n  short-title:\n    description: Titles are short.\n    given: $.info.title\n"
        "    then: {function: length, functionOptions: {max: 0}}\n")
    config = monorepo / "alpha" / ".apilint.yaml"
    assert "short-title" in run_cli(["lint", "alpha"], monorepo).stdout
    config.write_text("extends: ../rules/house.yaml\nrules:\n  short-title: {options: {max: 5}}\n")
    assert "short-title" not in run_cli(["lint", "alpha"], monorepo).stdout


def test_overrides_by_file_and_by_pointer_reach_referenced_files(run_cli, tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1', description: d}\n"
        "paths:\n  /a: {$ref: 'paths/a.yaml'}\n  /b:\n    get: {responses: {'200': {description: ok}}}\n")
    (tmp_path / "paths").mkdir()
    (tmp_path / "paths" / "a.yaml").write_text("get: {responses: {'200': {description: ok}}}\n")
    found = json.loads(run_cli(["lint", "api.yaml", "-f", "json"], tmp_path).stdout)["findings"]
    assert {(f["file"], f["pointer"]) for f in found if f["rule"] == "operation-description"} == {
        ("paths/a.yaml", "/get"), ("api.yaml", "/paths/~1b/get")}
    (tmp_path / ".apilint.yaml").write_text(
        "overrides:\n"
        "  - files: ['paths/**']\n    rules: {operation-description: off}\n"
        "  - files: ['api.yaml#/paths/~1b']\n    rules: {operation-description: error}\n")
    found = json.loads(run_cli(["lint", "api.yaml", "-f", "json"], tmp_path).stdout)["findings"]
    assert {(f["file"], f["pointer"], f["severity"]) for f in found if f["rule"] == "operation-description"} == {
        ("api.yaml", "/paths/~1b/get", "error")}


# -- exclude and fail-level


def test_exclude_skips_folders_and_names_and_says_so_for_files_named(run_cli, monorepo: Path) -> None:
    for folder in ("vendor", "specs/generated"):
        (monorepo / "beta" / folder).mkdir(parents=True)
        (monorepo / "beta" / folder / "api.yaml").write_text(API)
    (monorepo / "beta" / "specs" / "api.bundled.yaml").write_text(API)
    (monorepo / "beta" / ".apilint.yaml").write_text("exclude: [vendor/**, generated, '*.bundled.yaml']\n")
    outcome = run_cli(["lint", "beta"], monorepo)
    linted = {line.split(":")[0] for line in outcome.stdout.splitlines() if line.startswith("beta/")}
    assert linted == {"beta/specs/api.yaml"}
    named = run_cli(["lint", "beta/vendor/api.yaml"], monorepo)
    assert named.exit_code == 0 and "beta/vendor/api.yaml is excluded by beta/.apilint.yaml" in named.stderr


def test_fail_level_from_the_configuration_and_the_command_line(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / ".apilint.yaml").write_text("fail-level: warn\n")
    assert run_cli(["lint", "beta"], monorepo).exit_code == 1
    assert run_cli(["lint", "--fail-level", "error", "beta"], monorepo).exit_code == 0


# -- local plugins


def test_a_broken_local_plugin_is_reported_and_fails_the_run(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / "house_rules.py").write_text("raise RuntimeError('broken on purpose')\n")
    (monorepo / "beta" / ".apilint.yaml").write_text("plugins: house_rules.py\n")
    outcome = run_cli(["lint", "beta"], monorepo)
    assert outcome.exit_code == 2
    assert "plugin 'house_rules'" in outcome.stderr and "broken on purpose" in outcome.stderr
    assert "Traceback" not in outcome.stderr


# -- bad configuration


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        (".apilint.yaml", "rulesets: x.yaml\n", ".apilint.yaml:1: unknown key 'rulesets'"),
        (".apilint.yaml", "extends: [1, 2]\n", ".apilint.yaml:1: each 'extends' entry must be"),
        (".apilint.yaml", "extends: [unclosed\n", ".apilint.yaml:2:"),
        (".apilint.yaml", "fail-level: sometimes\n", ".apilint.yaml:1: 'fail-level' must be one of"),
        (".apilint.yaml", "exclude: [1]\n", ".apilint.yaml:1: 'exclude' must be a glob pattern"),
        (".apilint.yaml", "plugins: [missing.py]\n", ".apilint.yaml:1: plugin 'missing.py' is neither"),
        (".apilint.yaml", "standards: [no-such-standard]\n", "no-such-standard"),
        (".apilint.yaml", "rules:\n  info-contact: off\n  no-such-rule: warn\n",
         ".apilint.yaml:3: rule 'no-such-rule' is not defined"),
        (".apilint.yaml", "rules:\n  info-contact: loud\n", ".apilint.yaml:2: rule 'info-contact':"),
        (".apilint.yaml", "overrides:\n  - rules: {}\n", ".apilint.yaml:2: each override needs 'files'"),
        ("pyproject.toml", '[tool.apilint]\nname = "x"\nfail = 1\n', "pyproject.toml:2: unknown key 'name'"),
        ("pyproject.toml", '[tool.apilint]\nfail-level = "warn"\n\n[tool.apilint.rules]\ninfo-contact = "x"\n',
         "pyproject.toml:5: rule 'info-contact':"),
    ],
)
def test_a_bad_configuration_is_one_error_line(run_cli, monorepo: Path, name: str, content: str, words: str) -> None:
    (monorepo / "beta" / name).write_text(content)
    outcome = run_cli(["lint", "beta"], monorepo)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: bad ")
    assert words in outcome.stderr and outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stdout == ""


def test_invalid_toml_named_by_config_is_one_error_line_with_its_line(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / "pyproject.toml").write_text("[tool.apilint]\nfail-level = \n")
    outcome = run_cli(["lint", "--config", "beta/pyproject.toml", "beta"], monorepo)
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("apilint: error: bad configuration: beta/pyproject.toml:2: not valid TOML")


# -- apilint config


def test_config_command_says_where_each_value_comes_from(run_cli, monorepo: Path) -> None:
    (monorepo / "beta" / ".apilint.yaml").write_text(
        "fail-level: warn\nrules:\n  info-contact: off\n  info-description: error\n")
    outcome = run_cli(["config", "beta/specs/api.yaml", "--ignore", "oas3-api-servers", "--json"], monorepo)
    assert outcome.exit_code == 0, outcome.stderr
    shown = json.loads(outcome.stdout)
    assert shown["configuration"] == "beta/.apilint.yaml"
    assert shown["settings"]["fail-level"] == {"value": "warn", "from": "beta/.apilint.yaml:1"}
    assert shown["settings"]["rulesets"] == {"value": ["oas"], "from": "default"}
    assert shown["rules"]["info-contact"] == {"severity": "off", "from": "beta/.apilint.yaml:3"}
    assert shown["rules"]["info-description"] == {"severity": "error", "from": "beta/.apilint.yaml:4"}
    assert shown["rules"]["oas3-api-servers"]["from"] == "--select/--extend-select/--ignore"
    assert shown["rules"]["operation-tags"] == {"severity": "warn", "from": "oas"}
    text = run_cli(["config", "beta/specs/api.yaml", "--fail-level", "hint"], monorepo).stdout
    assert "fail-level" in text and "hint  (--fail-level)" in text
    assert "info-contact" in text and "off    (beta/.apilint.yaml:3)" in text


def test_config_command_without_any_configuration_shows_the_defaults(run_cli, monorepo: Path) -> None:
    outcome = run_cli(["config", "--json"], monorepo / "beta")
    shown = json.loads(outcome.stdout)
    assert shown["configuration"] is None
    assert shown["settings"]["fail-level"] == {"value": "error", "from": "default"}
