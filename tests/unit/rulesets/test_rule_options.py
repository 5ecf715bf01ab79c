"""Rule options: declared by Python rules, set by rulesets and configurations, checked when loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from apilint.functions import RuleFunction
from apilint.rules import Rule, rule
from apilint.rulesets.loader import RulesetLoader
from apilint.rulesets.model import RulesetError

PATTERN = RuleFunction("pattern", lambda value, options, context: [], "Matches a pattern.",
                       options_schema={"type": "object", "properties": {"match": {"type": "string"},
                                                                       "notMatch": {"type": "string"}},
                                       "additionalProperties": False})


@rule(id="title-length", severity="warn", summary="Titles are short.", description="Why.",
      options={"max": 10, "words": ["api"], "strict": False})
def title_length(context):  # pragma: no cover - only its metadata is used here
    yield from ()


@rule(id="schema-checked", severity="warn", summary="Checked by a schema.", description="Why.",
      options={"limit": 3}, options_schema={"type": "object", "properties": {"limit": {"minimum": 1}}})
def schema_checked(context):  # pragma: no cover - only its metadata is used here
    yield from ()


PYTHON_RULES: dict[str, Rule] = {"title-length": title_length, "schema-checked": schema_checked}


def load(folder: Path, *texts: str):
    paths = []
    for index, text in enumerate(texts):
        path = folder / f"ruleset{index}.yaml"
        path.write_text(text)
        paths.append(str(path))
    return RulesetLoader({"pattern": PATTERN}, {}, PYTHON_RULES, folder).load(paths)


def test_a_rule_declares_defaults_and_with_options_merges_over_them() -> None:
    assert dict(title_length.options) == {"max": 10, "words": ["api"], "strict": False}
    configured = title_length.with_options({"max": 20})
    assert dict(configured.options) == {"max": 20, "words": ["api"], "strict": False}
    assert dict(title_length.options)["max"] == 10  # the registered rule is unchanged
    assert "max: 10" in title_length.help_text() and "`max`: `10`" in title_length.help_markdown()


@pytest.mark.parametrize(("given", "words"), [
    ({"maximum": 3}, "has no option 'maximum' (its options: max, strict, words)"),
    ({"max": "3"}, "option 'max' must be a number"),
    ({"strict": 1}, "option 'strict' must be a boolean"),
    ({"max": True}, "option 'max' must be a number"),
    ({"words": "api"}, "option 'words' must be a list"),
])
def test_options_of_the_wrong_name_or_type_are_refused(given: dict, words: str) -> None:
    with pytest.raises(ValueError) as raised:
        title_length.with_options(given)
    assert words in str(raised.value)


def test_a_float_is_accepted_where_the_default_is_an_integer() -> None:
    assert title_length.with_options({"max": 2.5}).options["max"] == 2.5


def test_a_schema_replaces_the_type_check() -> None:
    with pytest.raises(ValueError, match="invalid option 'limit'"):
        schema_checked.with_options({"limit": 0})


def test_rulesets_set_options_and_later_ones_add_to_earlier_ones(tmp_path: Path) -> None:
    loaded = load(tmp_path, "rules:\n  title-length: {options: {max: 20}}\n",
                  "extends: ruleset0.yaml\nrules:\n  title-length: {options: {strict: true}}\n")
    assert loaded.options["title-length"] == {"max": 20, "strict": True}


def test_a_bad_option_is_reported_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(RulesetError) as raised:
        load(tmp_path, "rules:\n  title-length:\n    severity: error\n    options: {max: many}\n")
    assert raised.value.line == 4 and "option 'max' must be a number" in raised.value.message


DECLARATIVE = """\
rules:
  path-casing:
    description: Paths are kebab-case.
    given: $.paths[*]~
    then: {function: pattern, functionOptions: {match: "^[a-z/]+$"}}
  two-checks:
    description: Two functions.
    given: $.info
    then:
      - {field: title, function: pattern, functionOptions: {match: a}}
      - {field: version, function: pattern, functionOptions: {match: b}}
"""


def test_options_of_a_declarative_rule_merge_into_its_function_options(tmp_path: Path) -> None:
    loaded = load(tmp_path, DECLARATIVE, "extends: ruleset0.yaml\nrules:\n  path-casing: {options: {notMatch: x}}\n")
    [then] = loaded.rules["path-casing"].then
    assert dict(then.options) == {"match": "^[a-z/]+$", "notMatch": "x"}


@pytest.mark.parametrize(("text", "line", "words"), [
    ("extends: ruleset0.yaml\nrules:\n  path-casing: {options: {unknown: x}}\n", 3, "invalid options for 'pattern'"),
    ("extends: ruleset0.yaml\nrules:\n  two-checks: {options: {match: c}}\n", 3, "has 2 'then' entries"),
    ("extends: ruleset0.yaml\nrules:\n  path-casing:\n    options: [1]\n", 4, "'options' must be a mapping"),
])
def test_bad_options_of_a_declarative_rule_are_refused(tmp_path: Path, text: str, line: int, words: str) -> None:
    with pytest.raises(RulesetError) as raised:
        load(tmp_path, DECLARATIVE, text)
    assert raised.value.line == line and words in raised.value.message
