"""Files that are cut short, malformed, in the wrong encoding, binary, empty, huge or deeply nested.

Each is a located finding (``syntax-error``, ``invalid-encoding``, ``empty-document`` ...) at the
place the problem is, or lints fine; never a crash, a hang or a ``RecursionError``. Positions are
written into the inputs with ``‸`` (removed before linting), so that each case says where its
finding must be.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.hostile.harness import Run, line_column, lint, lint_files

CARET = "‸"

JSON = ('{\n  "openapi": "3.1.0",\n  "info": {"title": "Caf\u00e9 \\u00e9 API", "version": "1"},\n'
        '  "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}\n}\n')
YAML = ('openapi: 3.1.0\ninfo:\n  title: "Caf\u00e9 \\u00e9 API"\n  version: "1"\npaths:\n'
        '  /a: {get: {responses: {"200": {description: ok}}}}\n')
HEAD_JSON = '{\n  "openapi": "3.1.0",\n  "info": {"title": "t", "version": "1"},\n  "paths": {}'
HEAD_YAML = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n'


def marked(text: str) -> tuple[bytes, tuple[int, int]]:
    """The text without its caret, as UTF-8, and the line and column where the caret was."""
    offset = text.index(CARET)
    return text.replace(CARET, "").encode(), line_column(text, offset)


def cut(text: str, marker: str, after: int) -> bytes:
    """``text`` as UTF-8, cut ``after`` bytes into the first ``marker``."""
    raw = text.encode()
    return raw[: raw.index(marker.encode()) + after]


def end_of(raw: bytes) -> tuple[int, int]:
    text = raw.decode()
    return line_column(text, len(text))


# -- cut short

# (name, bytes, rule, where): documents cut at many points, each reported where the text stops making
# sense: at the end of the file (END), or where what is left open starts.
END = None
TRUNCATED: list[tuple[str, bytes, str, tuple[int, int] | None]] = [
    ("json-inside-a-string", cut(JSON, '"Caf', 3), "syntax-error", (3, 21)),  # the string's opening quote
    ("json-after-a-key", cut(JSON, '"info"', 6), "syntax-error", END),
    ("json-after-a-colon", cut(JSON, '"info":', 8), "syntax-error", END),
    ("json-after-a-comma", cut(JSON, '"1"},', 5), "syntax-error", END),
    ("json-inside-an-object", cut(JSON, '{"/a": {', 8), "syntax-error", END),
    ("json-after-the-first-brace", b"{", "syntax-error", END),
    ("json-mid-escape-sequence", cut(JSON, "\\u00e9", 4), "syntax-error", (3, 27)),  # the backslash
    ("json-mid-utf8-character", cut(JSON, "\u00e9", 1), "invalid-encoding", (3, 25)),  # where the é starts
    ("yaml-inside-a-string", cut(YAML, '"Caf', 3), "syntax-error", END),
    ("yaml-after-a-key", cut(YAML, "info", 4), "syntax-error", END),
    ("yaml-inside-a-flow-mapping", cut(YAML, "{get: {", 7), "syntax-error", END),
    ("yaml-inside-a-flow-key", cut(YAML, '{"200"', 4), "syntax-error", END),
    ("yaml-mid-escape-sequence", cut(YAML, "\\u00e9", 4), "syntax-error", (3, 18)),  # where the hex digits go
    ("yaml-mid-utf8-character", cut(YAML, "\u00e9", 1), "invalid-encoding", (3, 14)),
    ("yaml-mid-key", cut(YAML, "paths", 2), "syntax-error", END),
]


@pytest.fixture(scope="module")
def truncated(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("truncated"),
                      {f"{name}.{name.split('-')[0]}": content for name, content, *_ in TRUNCATED})


@pytest.mark.parametrize(("name", "content", "rule", "where"), TRUNCATED, ids=[case[0] for case in TRUNCATED])
def test_a_truncated_document_is_one_finding_where_it_stops(truncated: Run, name: str, content: bytes, rule: str,
                                                            where: tuple[int, int] | None) -> None:
    path = f"{name}.{name.split('-')[0]}"
    assert truncated.core(path) == {(rule, *(where or end_of(content)))}
    assert truncated.exit_code_for(path) == 1


# -- invalid at every kind of position

INVALID = {
    "json-trailing-comma-in-object.json": HEAD_JSON + ',\n  "x-a": {"b": 1,‸}\n}\n',
    "json-trailing-comma-in-array.json": HEAD_JSON + ',\n  "x-a": [1, 2,‸]\n}\n',
    "json-single-quotes.json": HEAD_JSON + ",\n  ‸'x-a': 1\n}\n",
    "json-comment.json": HEAD_JSON + ',\n  ‸// a comment\n  "x-a": 1\n}\n',
    "json-unquoted-key.json": HEAD_JSON + ",\n  ‸x-a: 1\n}\n",
    "json-missing-colon.json": HEAD_JSON + ',\n  "x-a" ‸1\n}\n',
    "json-missing-comma.json": HEAD_JSON + '\n  ‸"x-a": 1\n}\n',
    "json-nan.json": HEAD_JSON + ',\n  "x-a": ‸NaN\n}\n',
    "json-leading-zero.json": HEAD_JSON + ',\n  "x-a": 0‸12\n}\n',
    "json-number-ending-in-a-dot.json": HEAD_JSON + ',\n  "x-a": 1‸.\n}\n',
    "json-misspelled-literal.json": HEAD_JSON + ',\n  "x-a": ‸tru\n}\n',
    "json-unknown-escape.json": HEAD_JSON + ',\n  "x-a": "a‸\\qb"\n}\n',
    "json-raw-tab-in-a-string.json": HEAD_JSON + ',\n  "x-a": "a‸\tb"\n}\n',
    "json-lone-surrogate-escape.json": HEAD_JSON + ',\n  "x-a": ‸"\\ud800"\n}\n',
    "json-lone-surrogate-escape-in-a-key.json": HEAD_JSON + ',\n  ‸"\\udc00": 1\n}\n',
    "json-second-document.json": HEAD_JSON + '\n}\n‸{"again": 1}\n',
    "json-unclosed-array.json": HEAD_JSON + ',\n  "x-a": [1, 2\n‸',
    "yaml-tab-indentation.yaml": HEAD_YAML + "x-a:\n‸\tb: 1\n",
    "yaml-nested-colon.yaml": HEAD_YAML + "x-a: b‸: c\n",
    "yaml-bad-dedent.yaml": HEAD_YAML + "x-a:\n    b: 1\n  ‸c: 2\n",
    "yaml-unclosed-quote.yaml": HEAD_YAML + "x-a: 'abc\nx-b: 1\n‸",
    "yaml-unclosed-flow-sequence.yaml": HEAD_YAML + "x-a: [1, 2\nx-b‸: 3\n",
    "yaml-unknown-escape.yaml": HEAD_YAML + 'x-a: "a\\‸qb"\n',
    "yaml-empty-anchor.yaml": HEAD_YAML + "x-a: &‸ x\n",
    "yaml-unclosed-tag.yaml": HEAD_YAML + "x-a: !<tag:x‸ 1\n",
    "yaml-bad-block-scalar-indicator.yaml": HEAD_YAML + "x-a: |‸0\n  text\n",
    "yaml-sequence-then-mapping.yaml": "- a\n‸b: c\n",
    "yaml-version-2-directive.yaml": "‸%YAML 2.0\n---\n" + HEAD_YAML,
    "yaml-repeated-directive.yaml": "%YAML 1.2\n‸%YAML 1.2\n---\n" + HEAD_YAML,
    "yaml-directive-without-document-start.yaml": HEAD_YAML + "%YAML 1.2\n‸",  # libyaml notices at the end
    "yaml-control-character.yaml": HEAD_YAML + "x-a: a‸\x07b\n",
    "yaml-noncharacter-after-wide-ones.yaml": HEAD_YAML + "x-a: \u202e\u2066 ‸\ufffe\n",
    "yaml-lone-surrogate-escape.yaml": HEAD_YAML + 'x-a: ‸"\\ud800"\n',
    "yaml-lone-surrogate-escape-long-form.yaml": HEAD_YAML + '‸"\\U0000DC00": 1\n',
}
# Not fatal: the document is linted, with the finding where the problem is.
DUPLICATES = {
    "json-duplicate-key.json": HEAD_JSON + ',\n  ‸"info": {"title": "u", "version": "2"}\n}\n',
    "yaml-duplicate-key.yaml": HEAD_YAML + '‸info: {title: u, version: "2"}\n',
}


@pytest.fixture(scope="module")
def invalid(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("invalid"),
                      {name: marked(text)[0] for name, text in {**INVALID, **DUPLICATES}.items()})


@pytest.mark.parametrize("name", sorted(INVALID), ids=lambda name: name.rsplit(".", 1)[0])
def test_invalid_text_is_a_syntax_error_where_it_is(invalid: Run, name: str) -> None:
    assert invalid.core(name) == {("syntax-error", *marked(INVALID[name])[1])}
    assert invalid.exit_code_for(name) == 1


@pytest.mark.parametrize("name", sorted(DUPLICATES), ids=lambda name: name.rsplit(".", 1)[0])
def test_a_duplicate_key_is_located_and_the_rest_is_linted(invalid: Run, name: str) -> None:
    assert invalid.core(name) == {("duplicate-key", *marked(DUPLICATES[name])[1])}
    assert any(found.rule.startswith("info-") for found in invalid.of(name))  # rules ran on it


# -- encodings, binary files and empty ones

CLEAN_YAML = HEAD_YAML.encode()
NOISE = random.Random(20240601).randbytes(4096)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def first_bad_byte(raw: bytes) -> tuple[int, int]:
    """Where the first undecodable byte of ``raw`` is, as the character position an editor shows."""
    try:
        raw.decode()
    except UnicodeDecodeError as error:
        text = raw[: error.start].decode()
        return line_column(text, len(text))
    raise AssertionError("the bytes are valid UTF-8")


# name: (content, the core's findings expected)
FILES = {
    "invalid-utf8.yaml": (CLEAN_YAML + b"x-a: \xc3\x28\n", {("invalid-encoding", 4, 6)}),
    "latin-1.yaml": (CLEAN_YAML + "x-a: caf\u00e9\n".encode("latin-1"), {("invalid-encoding", 4, 9)}),
    "utf-16-without-bom.yaml": (HEAD_YAML.encode("utf-16-le"), {("invalid-encoding", 1, 2)}),  # NUL after "o"
    "utf-16-cut-in-a-character.yaml": (b"\xff\xfe" + HEAD_YAML.encode("utf-16-le") + b"x",
                                       {("invalid-encoding", 4, 1)}),
    "nul-byte.yaml": (CLEAN_YAML + b"x-a: a\x00b\n", {("invalid-encoding", 4, 7)}),
    "random-bytes.yaml": (NOISE, {("invalid-encoding", *first_bad_byte(NOISE))}),
    "png-header.yaml": (PNG, {("invalid-encoding", 1, 1)}),
    "zero-bytes.yaml": (b"", {("empty-document", 1, 1)}),
    "zero-bytes.json": (b"", {("empty-document", 1, 1)}),
    "only-whitespace.yaml": (b" \n\t\n\n", {("empty-document", 1, 1)}),
    "only-a-comment.yaml": (b"# nothing here\n", {("empty-document", 1, 1)}),
    "only-a-bom.yaml": (b"\xef\xbb\xbf", {("empty-document", 1, 1)}),
}
# Each lints exactly as the plain UTF-8 document does: same findings, at the same places.
SAME_AS_UTF8 = {
    "utf-8-bom.yaml": b"\xef\xbb\xbf" + CLEAN_YAML,
    "utf-8-bom.json": b"\xef\xbb\xbf" + (HEAD_JSON + "\n}\n").encode(),
    "utf-16-le-bom.yaml": b"\xff\xfe" + HEAD_YAML.encode("utf-16-le"),
    "utf-16-be-bom.yaml": b"\xfe\xff" + HEAD_YAML.encode("utf-16-be"),
    "utf-32-le-bom.yaml": b"\xff\xfe\x00\x00" + HEAD_YAML.encode("utf-32-le"),
    "crlf-line-ends.yaml": HEAD_YAML.replace("\n", "\r\n").encode(),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("files"),
                      {"plain.yaml": CLEAN_YAML, "plain.json": (HEAD_JSON + "\n}\n").encode(),
                       **{name: content for name, (content, _) in FILES.items()}, **SAME_AS_UTF8})


@pytest.mark.parametrize("name", sorted(FILES), ids=lambda name: name)
def test_a_file_that_is_not_text_or_holds_nothing_is_one_finding(files: Run, name: str) -> None:
    assert files.core(name) == FILES[name][1]
    assert files.exit_code_for(name) == 1


@pytest.mark.parametrize("name", sorted(SAME_AS_UTF8), ids=lambda name: name)
def test_byte_order_marks_and_utf16_lint_as_utf8_does(files: Run, name: str) -> None:
    plain = "plain.json" if name.endswith(".json") else "plain.yaml"
    assert files.of(plain), "the plain document has findings to compare with"
    assert [(f.rule, f.line, f.column) for f in files.of(name)] == [(f.rule, f.line, f.column) for f in files.of(plain)]


# -- roots that are not OpenAPI documents, and texts that once stopped the reader

NOT_OPENAPI = {
    "only-a-scalar.yaml": b"just some text\n",
    "only-a-scalar.json": b'"just some text"',
    "only-a-number.json": b"42",
    "only-a-list.yaml": b"- a\n- b\n",
    "only-a-list.json": b"[1, 2]",
    "only-null.yaml": b"~\n",
    "only-a-document-start.yaml": b"---\n",
    "a-block-scalar-then-the-document.yaml": b"--- |\n  text\n---\n" + CLEAN_YAML,
}
# Read to the end and linted, where they once ended in an internal error or a failed rule.
READ_FINE = {
    # ruamel's pure parser, which reads what libyaml refuses (a colon in a flow scalar), raised
    # IndexError on any %YAML directive.
    "yaml-1-2-directive-and-a-colon-in-a-flow-scalar.yaml": b"%YAML 1.2\n---\n" + CLEAN_YAML
    + b"servers: [{url: http://api.example.com}]\n",
    # Longer than Python turns into text (4,300 digits): they are read as JavaScript reads them.
    "json-integer-of-5000-digits.json": (HEAD_JSON + ',\n  "x-a": 1' + "0" * 5000 + "\n}\n").encode(),
    "yaml-integer-of-5000-digits.yaml": CLEAN_YAML + b"x-a: 1" + b"0" * 5000 + b"\n",
    "yaml-hex-integer-of-5000-digits.yaml": CLEAN_YAML + b"x-a: 0x" + b"f" * 5000 + b"\n",
    "openapi-version-of-5000-digits.yaml": CLEAN_YAML.replace(b"3.1.0", b"3" * 5000),
    # A surrogate pair written as two escapes is one character, as in JSON.
    "yaml-escaped-surrogate-pair.yaml": CLEAN_YAML + b'x-a: "\\ud83d\\ude00"\n',
    "json-escaped-surrogate-pair.json": (HEAD_JSON + ',\n  "x-a": "\\ud83d\\ude00"\n}\n').encode(),
    "yaml-tags-of-every-kind.yaml": CLEAN_YAML + b"x-a: !!binary aGVsbG8=\nx-b: !!timestamp 2001-12-14\n"
    b"x-c: !!set {a, b}\nx-d: !!omap [a: 1]\nx-e: !!int abc\nx-f: !!float 1e400\nx-g: !<tag:yaml.org,2002:str> 1\n",
    "yaml-line-separators.yaml": CLEAN_YAML + "x-a: a\u0085b\u2028c\n".encode(),
}


@pytest.fixture(scope="module")
def odd(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return lint_files(tmp_path_factory.mktemp("odd"), {**NOT_OPENAPI, **READ_FINE})


@pytest.mark.parametrize("name", sorted(NOT_OPENAPI), ids=lambda name: name)
def test_a_named_file_that_is_not_openapi_is_skipped_with_a_note(odd: Run, name: str) -> None:
    assert odd.of(name) == []
    assert f"apilint: note: {name} is not an OpenAPI document" in odd.process.stderr


@pytest.mark.parametrize("name", sorted(READ_FINE), ids=lambda name: name)
def test_texts_that_once_stopped_the_reader_are_linted(odd: Run, name: str) -> None:
    found = odd.of(name)
    assert found and not {f.rule for f in found} & {"syntax-error", "invalid-encoding"}, found


# -- very long lines and strings

def test_a_10_megabyte_line_and_a_10_megabyte_string_lint_fine(tmp_path: Path) -> None:
    long = "x" * (10 * 1024 * 1024)
    run = lint_files(tmp_path, {
        "long-line.json": (HEAD_JSON + f', "x-long": "{long}"}}').replace("\n", " ").encode(),
        "long-string.yaml": CLEAN_YAML + f"x-long: '{long}'\nx-after: [1, 2\n".encode(),
    })
    assert run.core("long-line.json") == set()
    assert run.of("long-line.json")[0].line == 1  # one line: every finding is on it
    # The finding after the long string is still located, on its own line.
    assert run.core("long-string.yaml") == {("syntax-error", 6, 1)}
    assert run.process.seconds < 60, run.process.seconds
    assert run.process.peak_rss_mb < 500, run.process.peak_rss_mb


# -- deep nesting

DEPTH = 10_000


def deep_documents() -> dict[str, bytes]:
    block = "".join(" " * level + "a:\n" for level in range(1, DEPTH + 1)) + " " * (DEPTH + 1) + "b: 1\n"
    json_head = HEAD_JSON + ',\n  "x-deep": '
    return {
        "yaml-flow-sequences.yaml": (HEAD_YAML + "x-deep: " + "[" * DEPTH + "]" * DEPTH + "\n").encode(),
        "json-arrays.json": (json_head + "[" * DEPTH + "]" * DEPTH + "\n}\n").encode(),
        "yaml-block-mappings.yaml": (HEAD_YAML + "x-deep:\n" + block).encode(),  # 50 MB of indentation
        "json-objects.json": (json_head + '{"a": ' * DEPTH + "{}" + "}" * DEPTH + "\n}\n").encode(),
        # Schemas in schemas, which rules walk, resolve and validate (20,000 levels of JSON).
        "json-schemas.json": (HEAD_JSON.replace('"paths": {}', '"paths": {}, "components": {"schemas": {"A": ')
                              + '{"type": "object", "properties": {"a": ' * DEPTH
                              + '{"$ref": "#/components/schemas/B"}' + "}}" * DEPTH
                              + ', "B": {"type": "string"}}}\n}\n').encode(),
    }


def test_ten_thousand_levels_of_nesting_lint_without_recursion_errors(tmp_path: Path) -> None:
    documents = deep_documents()
    run = lint_files(tmp_path, documents)
    for name in documents:
        assert run.core(name) == set(), name
        # Structural validation, which is recursive, says it could not go all the way down.
        assert ("oas3-schema", 1, 1) in {(f.rule, f.line, f.column) for f in run.of(name)}, name
    assert "RecursionError" not in run.process.stdout + run.process.stderr
    assert run.process.seconds < 60, run.process.seconds
    assert run.process.peak_rss_mb < 500, run.process.peak_rss_mb


def test_deep_nesting_that_is_also_broken_is_located_in_bounded_time(tmp_path: Path) -> None:
    # libyaml refuses it, and ruamel's pure parser, which decides for text libyaml refuses, takes
    # time quadratic in the flow depth: it gave up only after 46 s, and now gives up early.
    text, (line, column) = marked(HEAD_YAML + "x-deep: " + "[" * DEPTH + "]" * (DEPTH - 1) + "\n‸x-b: 1\n")
    (tmp_path / "unclosed.yaml").write_bytes(text)
    run = lint(tmp_path, ["unclosed.yaml"])
    assert run.core("unclosed.yaml") == {("syntax-error", line, column)}
    assert run.process.seconds < 30, run.process.seconds
