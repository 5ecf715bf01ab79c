"""oas2-schema and oas3-schema: the documents under cases/ and the bundled view behind them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import apilint_oas
from apilint.document import Document
from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.rules import Rule
from apilint.severity import Severity
from apilint.workspace import Workspace
from apilint.yaml_reader import read_yaml
from apilint_oas import validation
from apilint_oas.validation import RULES, BundledView, bundle, oas2_schema, oas3_schema

CASES = Path(__file__).parent / "cases"
REPO = Path(__file__).resolve().parents[3]


def load_cases() -> Iterator[Any]:
    for path in sorted(CASES.glob("*.yaml")):
        result = read_yaml(path.read_text(encoding="utf-8"))
        assert not result.problems, f"{path.name}: {result.problems}"
        for case in result.data:
            yield pytest.param(case, id=f"{path.stem}: {case['name']}")


def as_text(content: Any) -> str:
    return content if isinstance(content, str) else json.dumps(content)


def write_project(tmp_path: Path, document: Any, files: dict[str, Any] | None = None) -> Path:
    root = tmp_path / "openapi.yaml"
    root.write_text(as_text(document), encoding="utf-8")
    for name, content in (files or {}).items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(as_text(content), encoding="utf-8")
    return root


def run_rules(tmp_path: Path, root: Path, rules: tuple[Rule, ...] = RULES,
              workspace: Workspace | None = None) -> list[tuple[str, str | None, str, str]]:
    """(rule id, file or None for the root, pointer, message) for every violation."""
    workspace = workspace or Workspace(root=tmp_path, cwd=tmp_path)
    document = workspace.read_file(root)
    assert document.parsed, document.problems
    found = []
    for rule in rules:
        if rule.check is not None and rule.applies_to(document.spec_format):
            for violation in rule.check(RuleContext(document, workspace, rule, {})):
                assert isinstance(violation, Violation)
                file = violation.document.path if violation.document is not None else None
                found.append((rule.id, file, violation.pointer, violation.message))
    return found


@pytest.mark.parametrize("case", list(load_cases()))
def test_case(case: Any, tmp_path: Path) -> None:
    root = write_project(tmp_path, case["document"], case.get("files"))
    found = run_rules(tmp_path, root)

    duplicates = [item for item, count in Counter(found).items() if count > 1]
    assert duplicates == []
    if case.get("expect_none"):
        assert found == []
        return
    expected = case["expect"]
    assert {(rule, file, pointer) for rule, file, pointer, _ in found} == {
        (item["rule"], item.get("file"), item["pointer"]) for item in expected}
    for item in expected:
        messages = [message for rule, file, pointer, message in found
                    if (rule, file, pointer) == (item["rule"], item.get("file"), item["pointer"])]
        assert any(item["message"] in message for message in messages), (item, messages)


def test_messages_quote_no_pointers_and_no_schema_dumps(tmp_path: Path) -> None:
    messages = []
    for path in sorted(CASES.glob("*.yaml")):
        for number, case in enumerate(read_yaml(path.read_text(encoding="utf-8")).data):
            if case.get("expect_none"):
                continue
            case_dir = tmp_path / f"{path.stem}-{number}"
            case_dir.mkdir()
            root = write_project(case_dir, case["document"], case.get("files"))
            messages += [message for *_, message in run_rules(case_dir, root)]
    assert messages
    for message in messages:
        assert "is not valid under any of the given schemas" not in message
        assert "{'" not in message
        assert "#/" not in message and "~1" not in message


# -- registration and metadata


def test_the_plugin_registers_both_rules() -> None:
    registered: list[Rule] = []
    apilint_oas.apilint_register_rules(registered.append)
    assert [rule.id for rule in registered][:2] == ["oas2-schema", "oas3-schema"]
    registered = [rule for rule in registered if rule.id in ("oas2-schema", "oas3-schema")]
    assert oas2_schema.formats == frozenset({"oas2"})
    assert oas3_schema.formats == frozenset({"oas3"})
    for rule in registered:
        assert rule.severity is Severity.parse("error")
        assert rule.description and rule.bad_example and rule.good_example
        assert rule.applies_to("oas2") is (rule is oas2_schema)
        for version in ("oas3_0", "oas3_1", "oas3_2"):
            assert rule.applies_to(version) is (rule is oas3_schema)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_the_documented_examples_behave_as_documented(rule: Rule, tmp_path: Path) -> None:
    bad = run_rules(tmp_path, write_project(tmp_path, rule.bad_example), (rule,))
    assert {pointer for _, _, pointer, _ in bad} >= {"/info", "/info/tittle"}
    good = run_rules(tmp_path, write_project(tmp_path, rule.good_example), (rule,))
    assert good == []


def test_the_validator_package_is_not_imported_with_the_rules() -> None:
    code = ("import sys, apilint_oas.validation; "
            "print(sorted(n for n in ('openapi_spec_validator', 'jsonschema') if n in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": f"{REPO}:{REPO / 'plugins'}"}, timeout=120)
    assert result.stdout.strip() == "[]"


# -- the bundled view


def read(tmp_path: Path, document: str, files: dict[str, str] | None = None) -> tuple[Document, Workspace]:
    root = write_project(tmp_path, document, files)
    workspace = Workspace(root=tmp_path, cwd=tmp_path)
    return workspace.read_file(root), workspace


def test_the_view_copies_only_the_containers_on_the_way_to_an_inlined_target(tmp_path: Path) -> None:
    document, workspace = read(tmp_path, (
        "openapi: 3.0.3\n"
        "info: {title: x, version: '1'}\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      responses:\n"
        "        '200': {$ref: 'r.yaml#/Ok'}\n"
        "        '404': {$ref: '#/components/responses/Missing'}\n"
        "  /b: {get: {responses: {'200': {description: b}}}}\n"
        "components:\n"
        "  responses:\n"
        "    Missing: {description: gone}\n"
    ), {"r.yaml": "Ok: {description: fine}\n"})
    original = json.dumps(document.data)
    view = bundle(document, workspace)
    data = document.data

    assert view.data is not data
    assert view.data["info"] is data["info"]
    assert view.data["components"] is data["components"]
    assert view.data["paths"]["/b"] is data["paths"]["/b"]
    assert view.data["paths"]["/a"] is not data["paths"]["/a"]
    responses = view.data["paths"]["/a"]["get"]["responses"]
    assert responses["200"] == {"description": "fine"}
    assert responses["404"] is data["paths"]["/a"]["get"]["responses"]["404"]
    assert json.dumps(document.data) == original

    located, path = view.locate(("paths", "/a", "get", "responses", "200", "description"))
    assert located.path == "r.yaml"
    assert path == ("Ok", "description")
    assert view.locate(("paths", "/a", "get", "responses", "404")) == (
        document, ("paths", "/a", "get", "responses", "404"))


def test_a_reference_chain_across_files_is_located_at_its_end(tmp_path: Path) -> None:
    document, workspace = read(tmp_path, (
        "openapi: 3.1.0\n"
        "info: {title: x, version: '1'}\n"
        "components:\n"
        "  schemas:\n"
        "    A: {$ref: 'a.yaml#/A'}\n"
    ), {"a.yaml": "A: {$ref: 'b.yaml'}\n", "b.yaml": "type: object\nproperties:\n  list: [1, {x: 1}]\n"})
    view = bundle(document, workspace)
    assert view.data["components"]["schemas"]["A"]["type"] == "object"
    located, path = view.locate(("components", "schemas", "A", "properties", "list", 1, "x"))
    assert located.path == "b.yaml"
    assert path == ("properties", "list", 1, "x")


def test_a_cycle_through_files_stays_a_reference(tmp_path: Path) -> None:
    document, workspace = read(tmp_path, (
        "openapi: 3.1.0\n"
        "info: {title: x, version: '1'}\n"
        "components: {schemas: {A: {$ref: 'a.yaml'}}}\n"
    ), {"a.yaml": "type: object\nproperties:\n  next: {$ref: 'b.yaml'}\n",
        "b.yaml": "type: object\nproperties:\n  back: {$ref: 'a.yaml'}\n"})
    view = bundle(document, workspace)
    a = view.data["components"]["schemas"]["A"]
    assert a["properties"]["next"]["properties"]["back"] == {"$ref": "a.yaml"}


def test_a_yaml_alias_loop_is_reported_once_and_not_validated(tmp_path: Path) -> None:
    root = write_project(tmp_path, (
        "openapi: 3.0.3\n"
        "info: {title: x}\n"
        "components:\n"
        "  schemas:\n"
        "    A: &a\n"
        "      type: object\n"
        "      properties: {self: *a}\n"
    ))
    found = run_rules(tmp_path, root)
    assert [(pointer, "contains itself" in message) for _, _, pointer, message in found] == [
        ("/components/schemas/A/properties/self", True)]


def test_a_document_too_large_once_expanded_is_not_validated(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "MAX_VALIDATED_NODES", 50)
    root = write_project(tmp_path, (
        "openapi: 3.0.3\n"
        "info: {title: x}\n"
        "paths: {}\n"
        "x-a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n"
        "x-b: [*a, *a, *a, *a, *a, *a]\n"
    ))
    found = run_rules(tmp_path, root)
    assert len(found) == 1
    assert found[0][2] == ""
    assert "more than 50 nodes" in found[0][3]


def test_a_very_deep_document_is_validated_as_far_as_possible(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit()
    schema = '{"type": "object", "properties": {"a": ' * depth + '{"type": "string"}' + "}}" * depth
    root = write_project(tmp_path, (
        '{"openapi": "3.0.3", "info": {"title": "x"}, "paths": {}, '
        f'"components": {{"schemas": {{"Deep": {schema}}}}}}}'
    ))
    found = run_rules(tmp_path, root)
    assert ("oas3-schema", None, "/info", 'property "version" is required in info') in found
    assert any("nested too deeply" in message for *_, message in found)


def test_3_2_falls_back_to_the_3_1_schema_without_a_3_2_validator(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from openapi_spec_validator import schemas

    monkeypatch.setattr(validation, "_validations", {})
    monkeypatch.delattr(schemas, "openapi_v32_schema_validator", raising=False)
    root = write_project(tmp_path, (
        "openapi: 3.2.0\n"
        "info: {title: x, version: '1', tittle: y}\n"
        "paths: {}\n"
    ))
    found = run_rules(tmp_path, root)
    assert [(pointer, message) for _, _, pointer, message in found] == [
        ("/info/tittle", '"tittle" is not allowed here (unknown property in info)')]


def test_remote_references_are_not_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import apilint.remote

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a remote reference was fetched")

    monkeypatch.setattr(apilint.remote, "fetch_remote", refuse)
    root = write_project(tmp_path, (
        "openapi: 3.0.3\n"
        "info: {title: x, version: '1'}\n"
        "paths:\n"
        "  /a: {$ref: 'https://example.com/paths.yaml#/a'}\n"
    ))
    assert run_rules(tmp_path, root) == []


def test_a_bundled_view_of_a_scalar_document_is_the_scalar(tmp_path: Path) -> None:
    document, workspace = read(tmp_path, "just text\n")
    view = bundle(document, workspace)
    assert isinstance(view, BundledView)
    assert view.data == "just text"
    assert view.locate(()) == (document, ())
