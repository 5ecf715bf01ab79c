"""YAML's own features used against the linter: alias bombs, merge keys, tags, complex keys,
several documents, anchors on keys and aliases to nothing.

Aliases share the anchored container instead of copying it, and every walk over a document
(reading, references, suppressions, structural validation, ruleset traversal, example
validation) visits a shared container once or bounds the visits; tags never construct objects.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.harness import Run, line_column, lint, lint_files, run_apilint

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\n'


def laughs(indent: str, items: str = "lol") -> str:
    """Nine levels of nine aliases each: 387,420,489 strings once expanded, 400 bytes as written."""
    lines = [f"{indent}l0: &l0 [{', '.join([items] * 9)}]"]
    lines += [f"{indent}l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * 9)}]" for level in range(1, 10)]
    return "\n".join(lines) + "\n"


def mapping_laughs(indent: str, members: str) -> str:
    """The same with mappings: nine levels of mappings whose nine members are the level below."""
    lines = [f"{indent}m0: &m0 {{{members}}}"]
    lines += [f"{indent}m{level}: &m{level} {{{', '.join(f'k{key}: *m{level - 1}' for key in range(9))}}}"
              for level in range(1, 10)]
    return "\n".join(lines) + "\n"


EMPTY_PATHS = "paths: {}\n"
RESPONSE = '{get: {responses: {"200": {description: ok}}}}'
# The bomb where each kind of walker meets it: an extension nothing reads, an example validated
# against its schema, an enum compared item by item, schema maps, path items and parameters that
# rules read and resolve.
BOMBS = {
    "in-an-extension.yaml": HEAD + EMPTY_PATHS + "x-laughs:\n" + laughs("  "),
    "as-an-example.yaml": HEAD + "x-laughs:\n" + laughs("  ") + "paths:\n  /a:\n    get:\n      responses:\n"
    '        "200":\n          description: ok\n          content:\n            application/json:\n'
    "              schema: {type: array, items: {type: array}}\n              example: *l9\n",
    "as-an-enum-default-and-example.yaml": HEAD + EMPTY_PATHS + "x-laughs:\n" + laughs("  ")
    + "components:\n  schemas:\n    A: {type: array, items: {}, enum: *l9, default: *l9, example: *l9}\n",
    "as-schemas.yaml": HEAD + EMPTY_PATHS + "x-laughs:\n" + mapping_laughs("  ", "type: string, description: d")
    + "components:\n  schemas: *m9\n",
    "as-path-items.yaml": HEAD + "x-laughs:\n" + mapping_laughs("  ", f"get: {RESPONSE[6:-1]}") + "paths:\n  /a: *m9\n",
    "as-parameters.yaml": HEAD + "x-laughs:\n" + mapping_laughs("  ", "name: n, in: query, schema: {type: string}")
    + "paths:\n  /a:\n    get:\n      parameters: [*m9]\n      responses: {\"200\": {description: ok}}\n",
    "with-references-at-the-bottom.yaml": HEAD + "x-laughs:\n"
    + laughs("  ", '{$ref: "#/components/schemas/S"}') + "components:\n  schemas:\n    S: {type: string}\n"
    "    B: {allOf: *l9}\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n"
    "          content: {application/json: {schema: {$ref: '#/components/schemas/B'}}}\n",
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("bombs"), {name: text.encode() for name, text in BOMBS.items()})


def test_alias_bombs_lint_in_bounded_time_and_memory(bombs: Run) -> None:
    # Expanded, each document holds hundreds of millions of nodes; walked once per container, a few hundred.
    assert bombs.process.seconds < 30, bombs.process.seconds
    assert bombs.process.peak_rss_mb < 500, bombs.process.peak_rss_mb


@pytest.mark.parametrize("name", sorted(BOMBS), ids=lambda name: name.removesuffix(".yaml"))
def test_an_alias_bomb_is_read_and_reported_not_expanded(bombs: Run, name: str) -> None:
    assert bombs.core(name) == set()
    found = {(f.rule, f.line, f.column): f.message for f in bombs.of(name)}
    # Structural validation, which would expand it, says it did not.
    assert "more than 3,000,000 nodes once its aliases and references are expanded" in found[("oas3-schema", 1, 1)]


def test_examples_and_defaults_too_large_to_check_are_said_to_be_so(bombs: Run) -> None:
    messages = [f.message for f in bombs.of("as-an-example.yaml") + bombs.of("as-an-enum-default-and-example.yaml")
                if "cannot be checked" in f.message]
    assert len(messages) == 3, messages  # the media type's example; the schema's default and example
    assert all("more than 1,000,000 values once its YAML aliases" in message for message in messages)


# -- the other features, one document each, linted together

FEATURES = {
    # Merged keys count as written: info gets its title, version and description from x-info.
    "merge-keys.yaml": "openapi: 3.1.0\nx-info: &i {title: t, version: '0', description: d, contact: {name: n}}\n"
    "info:\n  <<: *i\n  version: '1'\npaths: {}\nx-many:\n  <<: [*i, {summary: s}]\n",
    "merge-keys-of-the-wrong-kind.yaml": HEAD + EMPTY_PATHS + "x-s: &s text\nx-a: {<<: 5}\nx-b: {<<: [1, *s]}\n"
    "x-c: {<<: *s}\nx-d: {<<: [[1]]}\n",
    "complex-keys.yaml": HEAD + EMPTY_PATHS + "? [a, b]\n: 1\n? {c: d}\n: 2\n",
    # Only the first document is linted: the second's broken paths would be findings.
    "several-documents.yaml": HEAD + EMPTY_PATHS + "---\nopenapi: 3.1.0\npaths: 5\n---\n...\n",
    "anchors-on-keys.yaml": HEAD + EMPTY_PATHS + "x-a: {&k key: 1}\nx-b: {*k : 2}\nx-c: &list [a]\nx-d: {*list : 3}\n",
    "alias-to-an-undefined-anchor.yaml": HEAD + EMPTY_PATHS + "x-a: *nothing\n",
    "anchor-defined-twice.yaml": HEAD + EMPTY_PATHS + "x-a: &a 1\nx-b: &a {b: 2}\nx-c: *a\n",
    "a-list-that-contains-itself.yaml": HEAD + EMPTY_PATHS + "x-loop: &x [*x, *x]\n",
    "a-schema-that-contains-itself.yaml": HEAD + EMPTY_PATHS
    + "components:\n  schemas:\n    A: &a\n      type: object\n      properties:\n        self: *a\n",
}


@pytest.fixture(scope="module")
def features(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("features"), {name: text.encode() for name, text in FEATURES.items()})


def where(name: str, written: str, nth: int = 0) -> tuple[int, int]:
    """The line and column of the ``nth`` occurrence of ``written`` in the feature document ``name``."""
    text, offset = FEATURES[name], -1
    for _ in range(nth + 1):
        offset = text.index(written, offset + 1)
    return line_column(text, offset)


def test_merge_keys_are_applied(features: Run) -> None:
    rules = {f.rule for f in features.of("merge-keys.yaml")}
    assert "oas3-schema" not in rules and "info-description" not in rules and "info-contact" not in rules, rules


def test_merge_keys_of_the_wrong_kind_are_ignored(features: Run) -> None:
    assert features.core("merge-keys-of-the-wrong-kind.yaml") == set()


def test_complex_keys_are_unsupported_keys_where_written(features: Run) -> None:
    assert features.core("complex-keys.yaml") == {("unsupported-key", *where("complex-keys.yaml", "[a, b]")),
                                                   ("unsupported-key", *where("complex-keys.yaml", "{c: d}"))}


def test_only_the_first_of_several_documents_is_linted(features: Run) -> None:
    name = "several-documents.yaml"
    assert features.core(name) == {("multiple-documents", *where(name, "---"))}
    assert all(f.line < where(name, "---")[0] for f in features.of(name) if f.rule != "multiple-documents")


def test_anchors_and_aliases_on_keys(features: Run) -> None:
    # A scalar alias is a key like any other; a list is not a key OpenAPI can have.
    assert features.core("anchors-on-keys.yaml") == {("unsupported-key", *where("anchors-on-keys.yaml", "*list"))}


def test_an_alias_to_an_undefined_anchor_is_a_syntax_error_at_the_alias(features: Run) -> None:
    name = "alias-to-an-undefined-anchor.yaml"
    assert features.core(name) == {("syntax-error", *where(name, "*nothing"))}


def test_an_anchor_defined_twice_means_the_latest(features: Run) -> None:
    assert features.core("anchor-defined-twice.yaml") == set()


@pytest.mark.parametrize(("name", "written"), [("a-list-that-contains-itself.yaml", "*x"),
                                               ("a-schema-that-contains-itself.yaml", "self: *a")],
                         ids=["list", "schema"])
def test_a_node_that_contains_itself_is_reported_not_walked_forever(features: Run, name: str, written: str) -> None:
    found = {(f.rule, f.line, f.column): f.message for f in features.of(name)}
    assert "contains itself through a YAML alias" in found[("oas3-schema", *where(name, written))]
    assert features.core(name) == set()


# -- tags never construct objects, in documents, rulesets and configurations

EXPLOITS = ('!!python/object/apply:os.system ["touch PWNED"]', "!!python/object/new:os.system [touch PWNED]",
            "!!python/name:os.system", "!!python/module:os", '!<tag:yaml.org,2002:python/object/apply:os.system> '
            '["touch PWNED"]', "!Custom {touch: PWNED}", "!!binary dG91Y2ggUFdORUQ=")


def test_tags_never_construct_objects(tmp_path: Path) -> None:
    tags = "".join(f"x-tag-{number}: {tag}\n" for number, tag in enumerate(EXPLOITS))
    (tmp_path / "api.yaml").write_text(HEAD + EMPTY_PATHS + tags)
    (tmp_path / "tagged-root.yaml").write_text(EXPLOITS[0] + "\n")
    run = lint(tmp_path, ["api.yaml", "tagged-root.yaml"])
    assert run.core("api.yaml") == set()
    assert "tagged-root.yaml is not an OpenAPI document" in run.process.stderr
    assert not (tmp_path / "PWNED").exists()


def test_tags_in_rulesets_and_configurations_never_construct_objects(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(HEAD + EMPTY_PATHS)
    # The tag is ignored and the value used as written: "off".
    (tmp_path / "rules.yaml").write_text("extends: [[spectral:oas, recommended]]\nrules:\n"
                                         "  info-contact: !!python/object/apply:os.system off\n")
    run = lint(tmp_path, ["api.yaml"], ["--ruleset", "rules.yaml"])
    assert "info-contact" not in {f.rule for f in run.of("api.yaml")} and "info-description" in {
        f.rule for f in run.of("api.yaml")}
    configured = tmp_path / "configured"
    configured.mkdir()
    (configured / "api.yaml").write_text(HEAD + EMPTY_PATHS)
    (configured / ".apilint.yaml").write_text(f"fail-level: {EXPLOITS[0]}\n")
    refused = run_apilint(["lint", "api.yaml"], configured)
    # A list where a level must be: a configuration error, one line, naming the file and line.
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1, refused.stderr
    assert refused.stderr.startswith("apilint: error: bad configuration: .apilint.yaml:1"), refused.stderr
    assert not (tmp_path / "PWNED").exists() and not (configured / "PWNED").exists()


def test_a_ruleset_field_path_over_aliases_ends(tmp_path: Path) -> None:
    # A field written as a JSONPath is selected in the value: the selection walked a container
    # that contains itself forever, and an alias bomb for hours.
    (tmp_path / "rules.yaml").write_text("rules:\n  no-names:\n    given: $.components\n"
                                         "    then: {field: '$..name', function: falsy}\n")
    text = (HEAD + EMPTY_PATHS + "components:\n  x-loop: &x [*x, {name: looped}]\n  x-laughs:\n"
            + laughs("    ", "{name: laughing}"))
    (tmp_path / "api.yaml").write_text(text)
    run = lint(tmp_path, ["api.yaml"], ["--ruleset", "rules.yaml"])
    # One finding where each name is written (nine on the first level), however many places the
    # aliases put it in.
    written = [offset for offset in range(len(text)) if text.startswith(("name: looped", "name: laughing"), offset)]
    assert len(written) == 10
    assert sorted((f.line, f.column) for f in run.of("api.yaml") if f.rule == "no-names") == [
        line_column(text, offset) for offset in written]
    assert run.process.seconds < 30, run.process.seconds
