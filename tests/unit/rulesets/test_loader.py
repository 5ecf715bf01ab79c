"""Loading Spectral-format rulesets: extends, precedence, shorthands, aliases, overrides and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.functions import RuleFunction
from apilint.rules import Rule
from apilint.rulesets.loader import RulesetLoader, parse_severity
from apilint.rulesets.model import NamedRuleset, RulesetError
from apilint.severity import Severity

FUNCTIONS = {
    "truthy": RuleFunction("truthy", lambda value, options, context: [], "Value is truthy."),
    "pattern": RuleFunction("pattern", lambda value, options, context: [], "Matches a pattern.",
                            options_schema={"type": "object", "properties": {"match": {"type": "string"}},
                                            "additionalProperties": False}),
}
PYTHON_RULES = {
    "oas3-schema": Rule(id="oas3-schema", severity=Severity.ERROR, summary="Valid.", description="Why.",
                        source="oas"),
    "syntax-error": Rule(id="syntax-error", severity=Severity.ERROR, summary="Parses.", description="Why.",
                         source="core"),
}
RULE = "given: $.info\n    then: {field: contact, function: truthy}"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def load(folder: Path, *names: str, named: dict[str, NamedRuleset] | None = None):
    loader = RulesetLoader(FUNCTIONS, named or {}, PYTHON_RULES, folder)
    return loader.load([str(folder / name) for name in names])


def test_a_rule_definition(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", f"""
documentationUrl: https://example.gov/api-rules
rules:
  info-contact:
    description: Every API names a contact. People need it.
    message: "{{{{property}}}} is missing"
    severity: error
    {RULE}
""")
    loaded = load(tmp_path, "r.yaml")
    declared = loaded.rules["info-contact"]
    assert loaded.severities["info-contact"] is Severity.ERROR
    assert declared.given == {None: ("$.info",)}
    assert declared.then[0].field == "contact" and declared.then[0].function == "truthy"
    assert declared.rule.summary == "Every API names a contact."
    assert declared.rule.documentation_url == "https://example.gov/api-rules#info-contact"
    assert declared.message == "{{property}} is missing"
    assert declared.origin == "r.yaml:4"


def test_default_severity_is_warn_and_numbers_are_accepted() -> None:
    assert parse_severity(0) is Severity.ERROR and parse_severity(3) is Severity.HINT
    assert parse_severity("off") is None and parse_severity(-1) is None
    with pytest.raises(ValueError):
        parse_severity("fatal")


@pytest.mark.parametrize(
    ("mode", "expected"),
    [("recommended", {"on-by-default": Severity.WARN, "opt-in": None}),
     ("all", {"on-by-default": Severity.WARN, "opt-in": Severity.WARN}),
     ("off", {"on-by-default": None, "opt-in": None})],
)
def test_extends_modes(tmp_path: Path, mode: str, expected: dict[str, Severity | None]) -> None:
    write(tmp_path, "base.yaml", f"""
rules:
  on-by-default:
    {RULE}
  opt-in:
    recommended: false
    {RULE}
""")
    write(tmp_path, "r.yaml", f"extends: [[base.yaml, {mode}]]\n")
    assert load(tmp_path, "r.yaml").severities == expected


def test_shorthands_and_redefinition(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", f"""
rules:
  a:
    severity: error
    {RULE}
  b:
    {RULE}
  c:
    recommended: false
    {RULE}
  d:
    {RULE}
  e:
    {RULE}
""")
    write(tmp_path, "r.yaml", """
extends: base.yaml
rules:
  a: warn
  b: off
  c: true
  d: false
  e:
    severity: hint
""")
    loaded = load(tmp_path, "r.yaml")
    assert loaded.severities == {"a": Severity.WARN, "b": None, "c": Severity.WARN, "d": None, "e": Severity.HINT}
    assert loaded.rules["e"].given == {None: ("$.info",)}


def test_python_rules_can_be_configured_by_name(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", "rules:\n  oas3-schema: warn\n  syntax-error: off\n")
    loaded = load(tmp_path, "r.yaml")
    assert loaded.severities == {"oas3-schema": Severity.WARN, "syntax-error": None}
    assert loaded.rules == {}


def test_named_rulesets_and_aliases(tmp_path: Path) -> None:
    base = write(tmp_path, "oas.yaml", "rules:\n  oas3-schema: true\n")
    named = {"oas": NamedRuleset("oas", str(base), aliases=("spectral:oas",))}
    write(tmp_path, "r.yaml", "extends: spectral:oas\n")
    assert load(tmp_path, "r.yaml", named=named).severities == {"oas3-schema": Severity.ERROR}


def test_a_ruleset_that_extends_itself_terminates(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", f"extends: [b.yaml]\nrules:\n  x:\n    {RULE}\n")
    write(tmp_path, "b.yaml", "extends: [a.yaml]\n")
    assert load(tmp_path, "a.yaml").severities == {"x": Severity.WARN}


def test_aliases_plain_nested_and_scoped(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", """
aliases:
  PathItem: ["$.paths[*]"]
  Operation: ["#PathItem[get,put]"]
  Schemas:
    targets:
      - formats: [oas2]
        given: ["$.definitions[*]"]
      - formats: [oas3]
        given: ["$.components.schemas[*]"]
rules:
  op:
    given: "#Operation.responses"
    then: {function: truthy}
  schema:
    given: ["#Schemas", "$.extra"]
    then: {function: truthy}
""")
    loaded = load(tmp_path, "r.yaml")
    assert loaded.rules["op"].given == {None: ("$.paths[*][get,put].responses",)}
    schema = loaded.rules["schema"]
    assert schema.paths_for("oas2") == ("$.extra", "$.definitions[*]")
    assert schema.paths_for("oas3_1") == ("$.extra", "$.components.schemas[*]")


def test_formats_and_ruleset_level_formats(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", f"""
formats: [oas3]
rules:
  inherits:
    {RULE}
  own:
    formats: [oas2, "oas3.1"]
    {RULE}
  foreign:
    formats: [aas2]
    {RULE}
""")
    loaded = load(tmp_path, "r.yaml")
    assert loaded.rules["inherits"].rule.formats == {"oas3"}
    assert loaded.rules["own"].rule.formats == {"oas2", "oas3_1"}
    assert loaded.rules["foreign"].paths_for("oas3_0") == ()


def test_overrides(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", f"""
rules:
  x:
    {RULE}
overrides:
  - files: ["legacy/**/*.yaml", "api.yaml#/paths/~1old"]
    rules:
      x: off
""")
    [first, second] = load(tmp_path, "r.yaml").overrides
    assert (first.pattern, first.pointer, first.severities) == ("legacy/**/*.yaml", None, {"x": None})
    assert (second.pattern, second.pointer) == ("api.yaml", "/paths/~1old")
    assert first.base == str(tmp_path)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules:\n  x:\n    given: $\n    then: {function: nope}\n", 4, "unknown function 'nope'"),
        ("rules:\n  x:\n    then: {function: truthy}\n", 2, "has no 'given'"),
        ("rules:\n  x:\n    given: $\n    then: {function: pattern, functionOptions: {mtch: a}}\n", 4,
         "invalid options for 'pattern'"),
        ("rules:\n  x:\n    given: $\n    then: {function: truthy}\n    sevrity: error\n", 5, "unknown key 'sevrity'"),
        ("rules:\n  x:\n    given: $\n    then: {function: truthy}\n    severity: fatal\n", 5, "fatal"),
        ("rules:\n  x: warn\n", 2, "not defined by any extended ruleset"),
        ("extends: ./missing.yaml\n", 1, "does not exist"),
        ("extends: [['spectral:owasp', all]]\n", 1, "unknown ruleset 'spectral:owasp'"),
        ("extends: https://example.com/r.yaml\n", 1, "remote rulesets are not fetched"),
        ("extends: ./rules.js\n", 1, "JavaScript rulesets cannot run"),
        ("functionsDir: ./functions\n", 1, "JavaScript functions"),
        ("functions: [myCheck]\n", 1, "no plugin registers it"),
        ("rulez: {}\n", 1, "unknown ruleset key 'rulez'"),
        ("rules:\n  x:\n    given: '#Nope'\n    then: {function: truthy}\n", 3, "unknown alias '#Nope'"),
        ("formats: [oas9]\n", 1, "unknown format(s): oas9"),
        ("rules: [\n", 2, "expected"),
    ],
)
def test_errors_name_the_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    write(tmp_path, "r.yaml", text)
    with pytest.raises(RulesetError) as caught:
        load(tmp_path, "r.yaml")
    assert caught.value.path == "r.yaml"
    assert caught.value.line == line, str(caught.value)
    assert words in caught.value.message
    assert str(caught.value).startswith(f"r.yaml:{line}:")


def test_json_rulesets(tmp_path: Path) -> None:
    write(tmp_path, "r.json", '{"rules": {"x": {"given": "$.info", "then": {"function": "truthy"}, "severity": 1}}}')
    assert load(tmp_path, "r.json").severities == {"x": Severity.WARN}


def test_invalid_jsonpath_is_refused_with_its_line(tmp_path: Path) -> None:
    def reject_brackets(path: str) -> None:
        if "[" in path and "]" not in path:
            raise ValueError("unclosed '['")

    write(tmp_path, "r.yaml", "rules:\n  x:\n    given: $.paths[\n    then: {function: truthy}\n")
    loader = RulesetLoader(FUNCTIONS, {}, PYTHON_RULES, tmp_path, validate_path=reject_brackets)
    with pytest.raises(RulesetError) as caught:
        loader.load([str(tmp_path / "r.yaml")])
    assert caught.value.line == 3 and "invalid JSONPath" in caught.value.message


def test_parser_options_set_the_core_rules_severity(tmp_path: Path) -> None:
    core = {"duplicate-key": Rule(id="duplicate-key", severity=Severity.ERROR, summary="s", description="d",
                                  source="core"),
            "unsupported-key": Rule(id="unsupported-key", severity=Severity.ERROR, summary="s", description="d",
                                    source="core")}
    write(tmp_path, "r.yaml", "parserOptions:\n  duplicateKeys: warn\n  incompatibleValues: off\n")
    loader = RulesetLoader(FUNCTIONS, {}, {**PYTHON_RULES, **core}, tmp_path)
    loaded = loader.load([str(tmp_path / "r.yaml")])
    assert loaded.severities == {"duplicate-key": Severity.WARN, "unsupported-key": None}
    write(tmp_path, "bad.yaml", "parserOptions:\n  strictNumbers: error\n")
    with pytest.raises(RulesetError) as caught:
        loader.load([str(tmp_path / "bad.yaml")])
    assert caught.value.line == 2 and "unknown parser option 'strictNumbers'" in caught.value.message


def test_x_apilint_documents_a_rule_and_other_x_keys_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", f"""
x-owner: API board
rules:
  info-contact:
    description: Every API names a contact.
    x-reviewed: 2026-01-01
    x-apilint:
      summary: The info object names a contact.
      why: People need someone to ask.
      bad: "info: {{}}"
      good: "info: {{contact: {{name: Team}}}}"
      clause: API-01
    {RULE}
""")
    rule = load(tmp_path, "r.yaml").rules["info-contact"].rule
    assert (rule.summary, rule.description, rule.clause) == ("The info object names a contact.",
                                                            "People need someone to ask.", "API-01")
    assert rule.bad_example == "info: {}" and rule.good_example == "info: {contact: {name: Team}}"


@pytest.mark.parametrize(("docs", "words"), [
    ("x-apilint: nope", "'x-apilint' must be a mapping"),
    ("x-apilint: {summary: x, rationale: y}", "unknown key 'rationale' in 'x-apilint'"),
    ("x-apilint: {why: ''}", "'x-apilint.why' must be a non-empty string"),
])
def test_bad_x_apilint_is_refused_with_its_line(tmp_path: Path, docs: str, words: str) -> None:
    write(tmp_path, "r.yaml", f"rules:\n  info-contact:\n    {docs}\n    {RULE}\n")
    with pytest.raises(RulesetError) as raised:
        load(tmp_path, "r.yaml")
    assert words in str(raised.value) and raised.value.line == 3


@pytest.mark.parametrize(("mode", "recommended", "expected"), [
    ("recommended", "true", Severity.ERROR), ("recommended", "false", None), ("all", "false", Severity.ERROR),
    ("off", "true", None),
])
def test_a_mapping_takes_a_python_rule_into_a_ruleset_with_a_tier(tmp_path: Path, mode: str, recommended: str,
                                                                   expected: Severity | None) -> None:
    write(tmp_path, "base.yaml", f"rules:\n  oas3-schema:\n    recommended: {recommended}\n")
    write(tmp_path, "r.yaml", f"extends: [[base.yaml, {mode}]]\n")
    loaded = load(tmp_path, "r.yaml")
    assert loaded.severities["oas3-schema"] is expected
    assert "oas3-schema" not in loaded.rules  # still the plugin's rule, not a declarative one


def test_a_python_rule_mapping_takes_only_severity_and_recommended(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", "rules:\n  oas3-schema:\n    severity: hint\n    message: nope\n")
    with pytest.raises(RulesetError) as raised:
        load(tmp_path, "r.yaml")
    assert "takes only 'severity', 'recommended'" in str(raised.value) and raised.value.line == 4
    write(tmp_path, "ok.yaml", "rules:\n  oas3-schema:\n    severity: hint\n")
    assert load(tmp_path, "ok.yaml").severities["oas3-schema"] is Severity.HINT


def test_x_apilint_precision_marks_heuristic_rules(tmp_path: Path) -> None:
    write(tmp_path, "r.yaml", f"rules:\n  info-contact:\n    x-apilint: {{precision: medium}}\n    {RULE}\n")
    assert load(tmp_path, "r.yaml").rules["info-contact"].rule.precision == "medium"
    write(tmp_path, "bad.yaml", f"rules:\n  info-contact:\n    x-apilint: {{precision: maybe}}\n    {RULE}\n")
    with pytest.raises(RulesetError, match="precision' must be one of very-high, high, medium, low"):
        load(tmp_path, "bad.yaml")


def test_a_ruleset_can_say_which_clause_a_rule_it_takes_in_checks(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", f"rules:\n  info-contact:\n    x-apilint: {{summary: Contact.}}\n    {RULE}\n")
    write(tmp_path, "std.yaml", "extends: base.yaml\nrules:\n  oas3-schema:\n    severity: error\n"
                                "    x-apilint: {clause: /core/doc-openapi}\n  info-contact:\n"
                                "    x-apilint: {clause: /core/contact}\n")
    loaded = load(tmp_path, "std.yaml")
    assert loaded.clauses == {"oas3-schema": "/core/doc-openapi"}
    contact = loaded.rules["info-contact"].rule
    assert (contact.clause, contact.summary) == ("/core/contact", "Contact.")
    write(tmp_path, "bad.yaml", "rules:\n  oas3-schema:\n    x-apilint: {clause: /a, why: no}\n")
    with pytest.raises(RulesetError, match="may only name the clause"):
        load(tmp_path, "bad.yaml")
