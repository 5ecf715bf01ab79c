"""pattern's options checks and casing's compiled patterns."""

from __future__ import annotations

import pytest

from apilint_functions.strings import CASING_TYPES, PATTERN, validate_pattern_options


def test_valid_patterns_have_no_problems() -> None:
    assert validate_pattern_options({"match": "/^x-(?<name>[a-z]+)$/i", "notMatch": "\\s"}) == []


@pytest.mark.parametrize(("options", "words"), [
    ({"match": "(unclosed"}, '"match": \'(unclosed\' is not a usable regular expression: missing'),
    ({"notMatch": "/x/q"}, "unknown flag 'q'"),
    ({"match": "(?P<n>x)"}, "(?<name>...)"),
    ({"match": "/\\p{L}/u"}, "Unicode property escapes"),
])
def test_invalid_patterns_are_reported_by_option(options: dict[str, str], words: str) -> None:
    problems = validate_pattern_options(options)
    assert len(problems) == 1
    assert words in problems[0]


def test_both_options_are_checked() -> None:
    assert len(validate_pattern_options({"match": "(", "notMatch": ")"})) == 2


def test_casing_types_are_the_options_enum() -> None:
    assert PATTERN.options_schema is not None
    assert set(CASING_TYPES) == {"flat", "camel", "pascal", "kebab", "cobol", "snake", "macro"}
