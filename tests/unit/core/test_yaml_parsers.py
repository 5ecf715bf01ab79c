"""The parsers YAML is read with give the same results wherever two of them read a text.

PyYAML's libyaml reads what it can; ruamel's build of libyaml and then its pure-Python parser, the
reference for YAML 1.2, read what PyYAML's libyaml refuses (yaml_reader). The two builds of libyaml
give the same data and offsets. The pure parser gives the same data; its offsets differ in one
respect, where an empty value is (libyaml: right after its key's colon; the pure parser: where the
next token starts), and where it refuses nothing else, libyaml's offsets are the ones used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apilint import yaml_reader
from apilint.reading import ReadResult
from apilint.yaml_reader import read_yaml
from tests.generated_yaml import VALUES, dumped
from tests.read_results import differences

REPO = Path(__file__).resolve().parents[3]
PARSERS = ("pyyaml", "ruamel", "pure")


def _read_with(text: str, parser: str) -> ReadResult | None:
    """What ``parser`` gives for ``text``, or None where it refuses it."""
    result = ReadResult()
    try:
        yaml_reader._build(text, result, parser)
    except Exception:  # noqa: BLE001 - a refusal, whichever library raises it
        return None
    return result


def _disagreements(text: str) -> tuple[set[str], list[str]]:
    """Which parsers read ``text``, and how what they give differs from what PyYAML's libyaml gives."""
    results = {parser: _read_with(text, parser) for parser in PARSERS}
    reading = {parser for parser, result in results.items() if result is not None}
    fast = results["pyyaml"]
    found = []
    if fast is not None:
        for parser in ("ruamel", "pure"):
            other = results[parser]
            if other is not None:
                found.extend(f"{parser}: {difference}"
                             for difference in differences(fast, other, positions=parser == "ruamel"))
    return reading, found


def test_the_parsers_agree_on_every_yaml_file_of_the_repository() -> None:
    read_by_all = 0
    for path in sorted(REPO.glob("**/*.y*ml")):
        if {".venv", ".cache", "node_modules", ".git"} & set(path.parts):
            continue
        reading, found = _disagreements(path.read_text(encoding="utf-8"))
        assert found == [], path
        read_by_all += reading == set(PARSERS)
    assert read_by_all > 100  # the rulesets, the standards, the examples and the rule cases


@pytest.mark.parametrize("text", [
    "a: !!str 1\nb: !!int '2'\nc: !custom x\nd: !!float 3\ne: !!bool true\nf: !!null ''\n",
    "base: &base {a: 1, b: [x, y]}\nother:\n  <<: *base\n  b: z\nlist: &l [1, 2]\nagain: *l\n",
    "keep: |+\n  text\n\nstrip: >-\n  folded\n  lines\nplain: multi\n  line\n",
    'quoted: "esc \\t \\u00e9 \\U0001F600 \\x41 \\/"\nsingle: \'it\'\'s\'\n',
    "ünï: ☃ 😀 text\n😀: key\n",
    "crlf: 1\r\nlist:\r\n  - a\r\n  - b\r\n",
    "%YAML 1.1\n---\na: 1\n...\n---\nb: 2\n",
    "a: 1\na: 2\n? complex\n: value\n",
    "empty:\nnull: ~\nseq:\n- \n- [ ]\n- { }\n",
    "# only a comment\n",
    "deep: " + "[" * 60 + "]" * 60 + "\n",
    "block:\n" + "".join(" " * level + f"k{level}:\n" for level in range(1, 200)) + " " * 200 + "end: 1\n",
    "flow: [spectral:oas, all]\nurl: {u: http://x}\n",
])
def test_the_parsers_agree_on_texts_that_use_much_of_yaml(text: str) -> None:
    reading, found = _disagreements(text)
    assert found == []
    assert "pure" in reading


def test_text_only_pure_parser_reads_is_still_read() -> None:
    # libyaml (both builds) refuses a plain scalar with a colon before a flow indicator; YAML 1.2 does not.
    text = "a: [x:]\n"
    reading, _ = _disagreements(text)
    assert reading == {"pure"}
    assert read_yaml(text).data == {"a": ["x:"]}


def test_nesting_deeper_than_pyyaml_allows_is_read_by_ruamels_libyaml() -> None:
    depth = 1500
    text = "[" * depth + "]" * depth + "\n"
    assert _read_with(text, "pyyaml") is None
    result = read_yaml(text)
    assert not result.failed
    assert result.depth == depth


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES, st.sampled_from([False, True, None]), st.sampled_from([20, 80]))
def test_the_parsers_agree_on_generated_documents(data: Any, flow: bool | None, width: int) -> None:
    assert _disagreements(dumped(data, flow, width))[1] == []
