"""Fuzzing whole runs of ``apilint lint``: whatever the files hold, the run ends well.

Three kinds of input: documents generated from OpenAPI's vocabulary (keys, versions, ``$ref``s
within and across two files), the shipped examples mutated byte by byte, and random bytes. For
each, a run writing JSON and SARIF must exit with 0, 1 or 2, print no traceback and no internal
error, write SARIF that validates against the schema, and locate every finding inside the file it
names.

The default run tries a short budget of each (``APILINT_FUZZ_EXAMPLES``, 25 by default);
``pytest -m fuzz`` runs the long budget (``APILINT_FUZZ_LONG_EXAMPLES``, 2,000 of each).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from contextlib import chdir
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from apilint.cli import app

REPO = Path(__file__).resolve().parents[2]
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text())
SARIF_VALIDATOR = jsonschema.Draft4Validator(SARIF_SCHEMA)
EXAMPLES = sorted(path.read_bytes() for path in (REPO / "examples").rglob("*")
                  if path.suffix in (".yaml", ".json") and b"openapi" in path.read_bytes()[:200])

SHORT = int(os.environ.get("APILINT_FUZZ_EXAMPLES", "25"))
LONG = int(os.environ.get("APILINT_FUZZ_LONG_EXAMPLES", "2000"))


def budget(examples: int) -> settings:
    # No deadline: a run takes tens of milliseconds, more when the machine is busy, and speed is
    # measured in benchmarks/, not here. No database: failures are reported with their input.
    return settings(max_examples=examples, deadline=None, database=None, derandomize=examples == SHORT,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- inputs

KEYS = ("openapi", "swagger", "info", "title", "version", "description", "paths", "/pets", "/pets/{id}", "get",
        "post", "put", "parameters", "name", "in", "path", "query", "header", "required", "schema", "type",
        "properties", "items", "responses", "200", "404", "default", "content", "application/json", "components",
        "schemas", "Pet", "$ref", "servers", "url", "variables", "enum", "security", "securitySchemes", "tags",
        "operationId", "example", "examples", "value", "allOf", "oneOf", "anyOf", "discriminator", "callbacks",
        "webhooks", "links", "definitions", "host", "basePath", "x-apilint-ignore", "nullable", "format",
        "pattern", "additionalProperties", "readOnly", "jsonSchemaDialect", "consumes", "produces")
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(("#/components/schemas/Pet", "other.yaml#/Pet", "other.yaml", "#/paths/~1pets", "#", "",
                     "#/definitions/Pet", "missing.json#/x", "../outside.yaml", "http://127.0.0.1:9/x.yaml",
                     "object", "string", "array", "integer", "3.1.0", "2.0", "^(a|aa)+$", "{id}")),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children,
                                               max_size=5)),
    max_leaves=30,
)
VERSIONS = st.sampled_from(("3.0.3", "3.1.0", "3.2.0", "2.0", "4.0", ""))


@st.composite
def projects(draw: st.DrawFn) -> dict[str, bytes]:
    """A root document in OpenAPI's vocabulary, and a file it may refer to, as JSON or YAML."""
    root = draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=8))
    version = draw(VERSIONS)
    root["swagger" if version == "2.0" else "openapi"] = version
    other = draw(VALUES)
    as_yaml = draw(st.booleans())
    return {"api.yaml" if as_yaml else "api.json": _dump(root, as_yaml), "other.yaml": _dump(other, True)}


def _dump(value: Any, as_yaml: bool) -> bytes:
    if not as_yaml:
        return json.dumps(value).encode()
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    stream = io.StringIO()
    yaml.dump(value, stream)
    return stream.getvalue().encode()


MUTATIONS = st.lists(st.tuples(st.sampled_from(("delete", "insert", "replace", "duplicate", "truncate")),
                               st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=8)), max_size=6)


@st.composite
def mutated_examples(draw: st.DrawFn) -> dict[str, bytes]:
    """One of the shipped examples, with bytes deleted, inserted, replaced, duplicated or cut off."""
    text = bytearray(draw(st.sampled_from(EXAMPLES)))
    for kind, position, length, data in draw(MUTATIONS):
        at = position % (len(text) + 1)
        if kind == "delete":
            del text[at:at + length]
        elif kind == "insert":
            text[at:at] = data
        elif kind == "replace":
            text[at:at + len(data)] = data
        elif kind == "duplicate":
            text[at:at] = text[at:at + length]
        else:
            del text[at:]
    return {draw(st.sampled_from(("api.yaml", "api.json"))): bytes(text)}


RANDOM_BYTES = st.builds(lambda name, data: {name: data}, st.sampled_from(("api.yaml", "api.json")),
                         st.binary(max_size=2000))


# -- one run, and what must hold of it

_LINE_BREAK = re.compile(rb"\r\n|\r|\n")


def check_run(files: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory(prefix="apilint-fuzz-") as folder, chdir(folder):
        for name, content in files.items():
            Path(name).write_bytes(content)
        root = next(iter(files))
        result = CliRunner().invoke(app, ["lint", "-f", "json", "-o", "json=report.json", "-f", "sarif", "-o",
                                          "sarif=report.sarif", root], catch_exceptions=False)
        shown = f"exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        assert result.exit_code in (0, 1, 2), shown
        assert "Traceback" not in shown and "internal error" not in result.stderr, shown
        if result.exit_code == 2:
            # Only a rule or plugin failure may say so, and then the reports are still whole.
            assert result.stderr.startswith("apilint: error: rule "), shown
        report = json.loads(Path("report.json").read_text(encoding="utf-8"))
        sarif = json.loads(Path("report.sarif").read_text(encoding="utf-8"))
        errors = sorted(SARIF_VALIDATOR.iter_errors(sarif), key=str)
        assert not errors, f"{errors[0]}\n{shown}"
        for finding in report["findings"]:
            _check_located(finding, files, shown)


def _check_located(finding: dict[str, Any], files: dict[str, bytes], shown: str) -> None:
    name = finding["file"]
    assert name in files, f"{finding} names a file the run was not given\n{shown}"
    lines = _LINE_BREAK.split(files[name])
    line, column = finding["line"], finding["column"]
    assert 1 <= line <= len(lines), f"{finding}: line outside {name} ({len(lines)} lines)\n{shown}"
    try:
        text = lines[line - 1].decode("utf-8-sig" if line == 1 else "utf-8")
    except UnicodeDecodeError:
        return  # columns of text that is not UTF-8 follow the reader's own decoding
    assert 1 <= column <= len(text) + 1, f"{finding}: column outside line {line} of {name}\n{shown}"


def fuzz(strategy: st.SearchStrategy[dict[str, bytes]], examples: int) -> Callable[[], None]:
    @budget(examples)
    @given(strategy)
    def run(files: dict[str, bytes]) -> None:
        check_run(files)

    return run


@pytest.mark.parametrize("strategy", [projects(), mutated_examples(), RANDOM_BYTES],
                         ids=["generated documents", "mutated examples", "random bytes"])
def test_short_budget(strategy: st.SearchStrategy[dict[str, bytes]]) -> None:
    fuzz(strategy, SHORT)()


@pytest.mark.fuzz
@pytest.mark.parametrize("strategy", [projects(), mutated_examples(), RANDOM_BYTES],
                         ids=["generated documents", "mutated examples", "random bytes"])
def test_long_budget(strategy: st.SearchStrategy[dict[str, bytes]]) -> None:
    fuzz(strategy, LONG)()
