"""``$ref``s that loop, chain, point into arrays, leave the project, reach the network or odd files,
or are not references at all.

Each is followed, or reported where the ``$ref`` is written (``invalid-ref``, ``ref-not-followed``),
and nothing outside the project root is read: the files outside hold broken YAML, so reading one
would show as a finding about it.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.harness import Run, line_column, lint

HEAD = 'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\n'
BROKEN = "broken: [yaml\n"


def schemas(*lines: str) -> str:
    """A document whose components/schemas are ``lines`` (each ``Name: {...}``)."""
    return HEAD + "components:\n  schemas:\n" + "".join(f"    {line}\n" for line in lines)


# Each root document, and the core findings expected in it, as (rule, the text the finding is at).
DOCUMENTS: dict[str, tuple[str, set[tuple[str, str]]]] = {
    "self-whole-document.yaml": (schemas("A: {$ref: '#'}"), set()),
    # References that lead round in a loop and never to a value: each one of the loop is reported.
    "self-schema.yaml": (schemas("A: {$ref: '#/components/schemas/A'}"), {("invalid-ref", "A: {$ref")}),
    "cycle-across-files.yaml": (schemas("A: {$ref: 'cycle/b.yaml#/B'}"), {("invalid-ref", "A: {$ref")}),
    # Leads into the loop of the ring's files, without being part of it.
    "cycle-of-a-hundred-files.yaml": (schemas("A: {$ref: 'ring/0.yaml#/S'}"), set()),
    "cycle-through-properties.yaml": (schemas("A: {type: object, properties: {b: {$ref: 'mutual/b.yaml#/B'}}}"), set()),
    "into-arrays.yaml": (
        'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      parameters:\n'
        "        - {name: q, in: query, schema: {type: string}}\n      responses: {'200': {description: ok}}\n"
        "  /b:\n    get:\n      parameters:\n        - $ref: '#/paths/~1a/get/parameters/0'\n"
        "        - $ref: '#/paths/~1a/get/parameters/7'\n        - $ref: '#/paths/~1a/get/parameters/-'\n"
        "        - $ref: '#/paths/~1a/get/parameters/01'\n      responses: {'200': {description: ok}}\n",
        {("invalid-ref", f"$ref: '#/paths/~1a/get/parameters/{index}'") for index in ("7", "-", "01")}),
    "leaving-the-root.yaml": (schemas(
        "A: {$ref: '../outside/secret.yaml#/broken'}", "B: {$ref: 'sub/../../outside/secret.yaml'}",
        "C: {$ref: '%2e%2e/outside/secret.yaml'}", "D: {$ref: 'OUTSIDE/secret.yaml#/broken'}",
        "E: {$ref: '/etc/passwd'}", "F: {$ref: 'file:///etc/passwd'}", "G: {$ref: 'file://localhost/etc/passwd'}",
        "H: {$ref: 'file:../outside/secret.yaml'}", "I: {$ref: 'link-out.yaml'}", "J: {$ref: 'dir-out/secret.yaml'}"),
        {("ref-not-followed", f"{name}: {{$ref") for name in "ABCDEFGHIJ"}),
    "to-the-network.yaml": (schemas("A: {$ref: 'http://example.invalid/pet.yaml#/Pet'}",
                                    "B: {$ref: 'https://example.invalid/pet.yaml'}",
                                    "C: {$ref: '//example.invalid/pet.yaml'}", "D: {$ref: 'ftp://example.invalid/x'}"),
                            {("ref-not-followed", "A: {$ref"), ("ref-not-followed", "B: {$ref"),
                             ("ref-not-followed", "C: {$ref"), ("invalid-ref", "D: {$ref")}),
    "to-odd-files.yaml": (schemas(
        "A: {$ref: 'folder'}", "B: {$ref: 'folder/'}", "C: {$ref: '.'}", "D: {$ref: 'binary.yaml'}",
        "E: {$ref: 'picture.png'}", "F: {$ref: 'empty.yaml#/x'}", "G: {$ref: 'syntax-error.yaml#/a'}",
        "H: {$ref: 'pipe.yaml'}", "I: {$ref: 'missing.yaml'}", "J: {$ref: 'scalar.yaml'}", "K: {$ref: 'list.yaml#/1'}"),
        {("invalid-ref", f"{name}: {{$ref") for name in "ABCDEFGHI"}),
    "encoded-pointers.yaml": (schemas(
        "A/B: {type: string}", "C/D: {type: string}", "E~F: {type: string}", "'{id}': {type: string}",
        "R1: {$ref: '#/components/schemas/A~1B'}",  # through the escape for "/"
        "R2: {$ref: '#/components/schemas/C%7E1D'}",  # the same, percent-encoded
        "R3: {$ref: '#/components/schemas/E~0F'}", "R4: {$ref: '#/components/schemas/%7Bid%7D'}",
        # Decoded first, %2F is a "/" that separates tokens (RFC 6901, section 6): there is no A, so no A/B.
        "G: {$ref: '#/components/schemas/A%2FB'}",
        "H: {$ref: '#/components/schemas/~2'}", "I: {$ref: '#/components/schemas/%ZZ'}",
        "J: {$ref: '#/components/schemas/E%'}", "K: {$ref: '#components/schemas/E~0F'}", "L: {$ref: '#/'}"),
        {("invalid-ref", f"{name}: {{$ref") for name in "GHIJKL"}),
    "not-strings.yaml": (schemas("A: {$ref: 1}", "B: {$ref: [a]}", "C: {$ref: null}", "D: {$ref: {a: b}}",
                                 "E: {$ref: true}", "F: {$ref: ''}", "G: {$ref: 1.5}",
                                 # A property called $ref is a name, not a reference.
                                 "H: {type: object, properties: {$ref: {type: string}}}"),
                         {("invalid-ref", f"{name}: {{$ref") for name in "ABCDEFG"}),
}


def at_ref(text: str, written: str) -> tuple[int, int]:
    """Where the ``$ref`` in the first ``written`` is: the place findings about a reference point at."""
    return line_column(text, text.index(written) + written.index("$ref"))


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("references")
    project, outside = base / "project", base / "outside"
    (project / "cycle").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.yaml").write_text(BROKEN)
    (project / "link-out.yaml").symlink_to(outside / "secret.yaml")
    (project / "dir-out").symlink_to(outside, target_is_directory=True)
    (project / "cycle" / "b.yaml").write_text("B: {$ref: 'c.yaml#/C'}\n")
    (project / "cycle" / "c.yaml").write_text("C: {$ref: '../cycle-across-files.yaml#/components/schemas/A'}\n")
    (project / "ring").mkdir()
    for number in range(100):
        (project / "ring" / f"{number}.yaml").write_text(f"S: {{$ref: '{(number + 1) % 100}.yaml#/S'}}\n")
    (project / "mutual").mkdir()
    (project / "mutual" / "b.yaml").write_text(
        "B: {type: object, properties: {a: {$ref: '../cycle-through-properties.yaml#/components/schemas/A'}}}\n")
    (project / "folder").mkdir()
    (project / "binary.yaml").write_bytes(bytes(range(32, 256)) * 4)  # no line breaks: 0x80 is at 1:97
    (project / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (project / "empty.yaml").write_bytes(b"")
    (project / "syntax-error.yaml").write_text("a: [1\n")
    os.mkfifo(project / "pipe.yaml")  # a read would wait for a writer forever
    (project / "scalar.yaml").write_text("just text\n")
    (project / "list.yaml").write_text("- a\n- {type: string}\n")
    for name, (text, _) in DOCUMENTS.items():
        (project / name).write_text(text.replace("OUTSIDE", outside.as_posix()))
    return lint(project, sorted(DOCUMENTS))


@pytest.mark.parametrize("name", sorted(DOCUMENTS), ids=lambda name: name.removesuffix(".yaml"))
def test_references_are_followed_or_reported_where_written(references: Run, name: str) -> None:
    text, expected = DOCUMENTS[name]
    assert references.core(name) == {(rule, *at_ref(text, written)) for rule, written in expected}


def test_each_reference_of_a_loop_through_files_is_reported_in_its_file(references: Run) -> None:
    assert {(found.path, found.rule) for found in references.findings if found.path.startswith("cycle/")} == {
        ("cycle/b.yaml", "invalid-ref"), ("cycle/c.yaml", "invalid-ref")}
    ring = [found for found in references.findings if found.path.startswith("ring/")]
    assert sorted(found.path for found in ring) == sorted(f"ring/{number}.yaml" for number in range(100))
    assert all(found.rule == "invalid-ref" and "go round in a loop" in found.message for found in ring)


def test_nothing_outside_the_root_is_read(references: Run) -> None:
    assert all(not found.path.startswith(("/", "..")) for found in references.findings), references.findings


def test_odd_files_reached_say_what_is_wrong_with_them(references: Run) -> None:
    messages = {f.message for f in references.of("to-odd-files.yaml") if f.rule == "invalid-ref"}
    for words in ("folder is a directory, not a file", "pipe.yaml is not a regular file", "missing.yaml does not exist",
                  "binary.yaml, which could not be read", "empty.yaml, which could not be read"):
        assert any(words in message for message in messages), (words, messages)
    # The files that were read report their own problems, where they are.
    assert references.core("binary.yaml") == {("invalid-encoding", 1, 97)}
    assert references.core("empty.yaml") == {("empty-document", 1, 1)}
    assert references.core("syntax-error.yaml") == {("syntax-error", 2, 1)}


def test_a_chain_of_a_thousand_files_is_followed_to_its_end(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(schemas("S: {$ref: 'chain/0.yaml#/S'}"))
    (tmp_path / "chain").mkdir()
    for number in range(999):
        (tmp_path / "chain" / f"{number}.yaml").write_text(f"S: {{$ref: '{number + 1}.yaml#/S'}}\n")
    (tmp_path / "chain" / "999.yaml").write_text("S: {type: string, enum: 5}\n")
    run = lint(tmp_path, ["api.yaml"])
    # The mistake at the end of the chain is found, in its file: every link was followed.
    assert [(f.rule, f.line) for f in run.of("chain/999.yaml")] == [("oas3-schema", 1)]
    assert not [f for f in run.findings if f.rule in ("invalid-ref", "ref-not-followed")]
    assert run.process.seconds < 30, run.process.seconds


def test_a_reference_naming_another_host_is_not_read_as_a_local_file(tmp_path: Path) -> None:
    # The host was dropped, and the path read on this machine: here a file inside the root.
    (tmp_path / "target.yaml").write_text("S: {type: string}\n")
    here = tmp_path.as_posix()
    text = schemas(f"A: {{$ref: '//elsewhere.invalid{here}/target.yaml#/S'}}",
                   f"B: {{$ref: 'file://elsewhere.invalid{here}/target.yaml#/S'}}",
                   f"C: {{$ref: 'file://localhost{here}/target.yaml#/S'}}")  # this machine: followed
    (tmp_path / "api.yaml").write_text(text)
    run = lint(tmp_path, ["api.yaml"])
    assert run.core("api.yaml") == {("ref-not-followed", *at_ref(text, f"{name}: {{$ref")) for name in "AB"}
    assert all("names the host 'elsewhere.invalid'" in f.message for f in run.of("api.yaml")
               if f.rule == "ref-not-followed")


# -- the network

@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A port on the loopback interface, and the connections that arrive there (answered with a 404)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    arrived: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                arrived.append(connection.recv(4096).decode(errors="replace").split("\r\n", 1)[0])
                connection.sendall(b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], arrived
    finally:
        stop.set()
        thread.join()
        server.close()


def test_remote_references_make_no_connection_unless_allowed(tmp_path: Path, listener: tuple[int, list[str]]) -> None:
    port, arrived = listener
    text = schemas(f"A: {{$ref: 'http://127.0.0.1:{port}/pet.yaml#/Pet'}}",
                   f"B: {{$ref: 'http://localhost:{port}/pet.yaml'}}")
    (tmp_path / "api.yaml").write_text(text)
    run = lint(tmp_path, ["api.yaml"])
    assert run.core("api.yaml") == {("ref-not-followed", *at_ref(text, f"{name}: {{$ref")) for name in "AB"}
    assert arrived == []
    # The same run allowed to fetch does connect, which shows the listener would have seen it.
    allowed = lint(tmp_path, ["api.yaml"], ["--allow-remote-refs"])
    assert "GET /pet.yaml HTTP/1.1" in arrived
    assert {f.rule for f in allowed.of("api.yaml") if f.rule in ("invalid-ref", "ref-not-followed")} == {"invalid-ref"}
    assert all("could not be fetched" in f.message for f in allowed.of("api.yaml") if f.rule == "invalid-ref")
