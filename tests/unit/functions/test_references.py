"""unreferencedReusableObject and the reference targets it is given."""

from __future__ import annotations

from apilint.document import Document
from apilint.functions import FunctionContext
from apilint_functions.references import UNREFERENCED_REUSABLE_OBJECT

URI = "file:///api/openapi.yaml"


def check(targets: set[tuple[str, str]], value: object, location: str = "#/components/schemas") -> list[str]:
    context = FunctionContext(path=("components", "schemas"), document=Document(URI, "openapi.yaml", "", {}),
                              rule_id="test", spec_format="oas3_1", references=lambda: frozenset(targets))
    options = {"reusableObjectsLocation": location}
    return [str(result.path[0]) for result in UNREFERENCED_REUSABLE_OBJECT.check(value, options, context)]


def test_targets_written_as_fragments_count_too() -> None:
    assert check({(URI, "#/components/schemas/Pet"), (URI, "#/components/schemas/My%20Type")},
                 {"Pet": {}, "My Type": {}, "Orphan": {}}) == ["Orphan"]


def test_results_follow_javascript_key_order() -> None:
    assert check(set(), {"b": {}, "10": {}, "a": {}, "2": {}}) == ["2", "10", "b", "a"]


def test_the_reference_graph_is_asked_once_per_check() -> None:
    calls = []

    def references() -> frozenset[tuple[str, str]]:
        calls.append(1)
        return frozenset()

    context = FunctionContext(path=(), document=Document(URI, "openapi.yaml", "", {}), rule_id="test",
                              spec_format=None, references=references)
    results = list(UNREFERENCED_REUSABLE_OBJECT.check({"a": {}, "b": {}}, {"reusableObjectsLocation": "#/x"}, context))
    assert len(results) == 2
    assert calls == [1]
