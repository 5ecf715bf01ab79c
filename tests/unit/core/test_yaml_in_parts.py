"""A YAML text read in two parts gives what reading it whole gives, or is read whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apilint import yaml_in_parts
from apilint.document import read_document
from apilint.reading import ReadResult
from apilint.yaml_in_parts import Cut, cut_for, cuts, joined, read_in_parts, read_rest
from apilint.yaml_reader import read_yaml, read_yaml_with_libyaml
from tests.generated_yaml import DOCUMENTS, dumped
from tests.read_results import differences

REPO = Path(__file__).resolve().parents[3]


def _read_at(text: str, cut: Cut) -> ReadResult | None:
    """What read_in_parts gives for ``cut``, without the fork."""
    first = read_yaml_with_libyaml(text[:cut.start])
    rest = read_rest(text, cut)
    return None if first is None or rest is None else joined(first, rest, cut)


def _joined_at_every_cut(text: str) -> tuple[int, list[str]]:
    """How many cuts of ``text`` join, and the differences from reading it whole at those that do."""
    whole = read_yaml(text)
    accepted, problems = 0, []
    for cut in cuts(text):
        result = _read_at(text, cut)
        if result is not None:
            accepted += 1
            problems.extend(f"cut at {cut.start}: {difference}" for difference in differences(result, whole))
    return accepted, problems


def test_every_cut_of_every_yaml_file_of_the_repository_joins_to_the_whole() -> None:
    accepted = 0
    for path in sorted(REPO.glob("**/*.y*ml")):
        if {".venv", ".cache", "node_modules"} & set(path.parts):
            continue
        count, problems = _joined_at_every_cut(path.read_text(encoding="utf-8"))
        assert problems == [], path
        accepted += count
    assert accepted > 100  # the rulesets and standards are mappings cut in many places


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from([False, None]), st.sampled_from([20, 80]))
def test_every_cut_of_a_generated_document_joins_to_the_whole(data: Any, flow: bool | None, width: int) -> None:
    # Narrow lines make the emitter fold long scalars over several lines, quoted ones too.
    text = dumped(data, flow, width)
    assert _joined_at_every_cut(text)[1] == []


@pytest.mark.parametrize("text", [
    # A quoted scalar and a flow collection over lines that look like members: the first part is unterminated.
    'a: 1\npaths:\n  /x: 1\n  /y: "one\n  /z: two"\n  /w: 2\n',
    "a: 1\npaths:\n  /x: 1\n  /y: [1,\n  /z: 2]\n  /w: 2\n",
    'a: "one\nb: two"\nc: 3\n',
    # A block scalar whose lines look like members, at the indentation of its own key's members.
    "a: 1\nb: |\n  c: 2\n  d: 3\ne: 4\n",
    "a: 1\npaths:\n  /x: |\n   k: v\n  /y: 2\n",
    # A key on both sides of a cut, an alias of an anchor before it, anchors after it.
    "a: 1\npaths:\n  /x: 1\n  /x: 2\nc: 3\na: 4\n",
    "paths:\n  /x: 1\n  /x: 2\nc: 3\n",
    "a: &x {k: 1}\npaths:\n  /x: 1\n  /y: *x\nc: *x\n",
    "a: 1\npaths:\n  /x: 1\n  /y: &y {k: 1}\nc: *y\n",
    "a: 1\npaths:\n  /x: 1\n  /y: 2\n<<: {m: 1}\n",
    # A second document, a directive, a sequence at the root's indentation, comments, CRLF line breaks.
    "a: 1\nb: 2\n---\nc: 3\n",
    "%YAML 1.2\n---\na: 1\nb: 2\n",
    "---\na: 1\nb: 2\n",
    "tags:\n- name: a\n- name: b\npaths:\n  /x: 1\n  /y: 2\n",
    "a: 1\npaths:  # the paths\n  # first\n  /x: 1\n  # second\n  /y: 2\n# the end\nc: 3\n",
    "a: 1\r\npaths:\r\n  /x: 1\r\n  /y: 2\r\nc: 3\r\n",
    # A plain scalar that goes on at the start of a line, which is no member.
    "a: this is\nlong\nb: 2\n",
    "a: 1\nb: 2\nc\n",
])
def test_texts_that_may_not_be_cut_as_they_look_are_read_as_whole(text: str) -> None:
    assert _joined_at_every_cut(text)[1] == []


def test_the_places_to_cut_at_are_the_members_of_the_first_two_levels() -> None:
    text = "a: 1\npaths:\n  /x:\n    get: {}\n  /y: {}\n  /z: 1\nc: 2\n"
    assert cuts(text) == [Cut(5, len(text)), Cut(text.index("  /y"), text.index("c:"), "paths"),
                          Cut(text.index("  /z"), text.index("c:"), "paths"), Cut(text.index("c:"), len(text))]
    assert cuts("- a\n- b\n") == []
    assert cuts("a: 1\n---\nb: 2\n") == []


def test_a_text_that_may_have_anchors_is_not_cut_and_a_part_with_them_is_refused() -> None:
    assert cuts("a: &x {k: 1}\nb: *x\n") == []
    assert cuts("a: [&x 1]\nb: 2\n") == []
    assert len(cuts("a: this & that\nb: x&amp;y, AT&T\n")) == 1  # ampersands in text
    # Cut by hand where cuts() would not: the anchor after the cut, or its alias, cannot be taken back.
    after = "a: 1\npaths:\n  /x: 1\n  /y: &y {k: 1}\n  /z: *y\n"
    assert read_rest(after, Cut(after.index("  /y"), len(after), "paths")) is None
    before = "a: &x {k: 1}\npaths:\n  /x: 1\n  /y: *x\n"
    assert read_rest(before, Cut(before.index("  /y"), len(before), "paths")) is None


def test_the_cut_leaves_a_little_more_than_half_for_this_process() -> None:
    members = "".join(f"  /path{number}:\n    get:\n      summary: {'x' * 50}\n" for number in range(1000))
    text = f"openapi: 3.1.0\npaths:\n{members}components: {{}}\n"
    cut = cut_for(text)
    assert cut is not None and cut.member == "paths"
    assert 0.5 < cut.start / len(text) < 0.65


def _large_document() -> str:
    members = "".join(f"  /path{number}:\n    get:\n      summary: a summary of number {number}\n"
                      f"      responses:\n        '200': {{description: ok}}\n" for number in range(12_000))
    schemas = "".join(f"    S{number}:\n      type: object\n      properties: {{a: {{type: string}}}}\n"
                      for number in range(6_000))
    return f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{members}components:\n  schemas:\n{schemas}"


def test_a_large_document_is_read_in_two_processes_to_the_same_result() -> None:
    text = _large_document()
    assert len(text) >= yaml_in_parts.READ_IN_PARTS_FROM_CHARACTERS
    result = read_in_parts(text)
    assert result is not None
    assert differences(result, read_yaml(text)) == []
    document = read_document("file:///api.yaml", "api.yaml", text.encode(), in_parallel=True)
    assert document.data == read_yaml(text).data and document.parsed


def test_without_a_child_a_large_document_is_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _large_document()

    def fails(text: str, cut: Cut) -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(yaml_in_parts, "read_rest", fails)
    assert read_in_parts(text) is None
    document = read_document("file:///api.yaml", "api.yaml", text.encode(), in_parallel=True)
    assert differences(read_yaml(text), read_yaml(document.text)) == []
    assert document.data == read_yaml(text).data


def test_small_texts_and_runs_in_one_process_are_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(yaml_in_parts, "ForkedCall", lambda work: calls.append("forked"))
    assert read_in_parts("a: 1\nb: 2\n") is None
    read_document("file:///api.yaml", "api.yaml", _large_document().encode())
    assert calls == []
