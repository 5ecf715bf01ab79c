"""Remote references: never fetched unless allowed; when allowed, bounded in time and size."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from apilint.workspace import RefError, RefTarget, Workspace

BODIES = {"/pet.yaml": b"Pet:\n  type: object\n", "/huge.yaml": b"x: " + b"a" * 5000 + b"\n"}


class Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Handler.requests.append(self.path)
        body = BODIES.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    Handler.requests.clear()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def root_document(tmp_path: Path, workspace: Workspace) -> object:
    (tmp_path / "api.yaml").write_text("openapi: 3.1.0\n")
    return workspace.read_file(tmp_path / "api.yaml")


def test_remote_refs_are_not_fetched_by_default(tmp_path: Path, server: str) -> None:
    workspace = Workspace(tmp_path, cwd=tmp_path)
    target = workspace.resolve(root_document(tmp_path, workspace), f"{server}/pet.yaml#/Pet")
    assert isinstance(target, RefError) and target.kind == "ref-not-followed"
    assert Handler.requests == []


def test_allowed_remote_refs_are_fetched_once(tmp_path: Path, server: str) -> None:
    workspace = Workspace(tmp_path, cwd=tmp_path, allow_remote=True)
    root = root_document(tmp_path, workspace)
    first = workspace.resolve(root, f"{server}/pet.yaml#/Pet")
    second = workspace.resolve(root, f"{server}/pet.yaml")
    assert isinstance(first, RefTarget) and first.value == {"type": "object"}
    assert isinstance(second, RefTarget)
    assert Handler.requests == ["/pet.yaml"]


def test_relative_refs_inside_a_remote_document_stay_remote(tmp_path: Path, server: str) -> None:
    workspace = Workspace(tmp_path, cwd=tmp_path, allow_remote=True)
    remote = workspace.resolve(root_document(tmp_path, workspace), f"{server}/pet.yaml")
    assert isinstance(remote, RefTarget)
    sibling = workspace.resolve(remote.document, "huge.yaml#/x")
    assert isinstance(sibling, RefTarget)
    assert Handler.requests == ["/pet.yaml", "/huge.yaml"]


def test_remote_documents_are_capped_in_size(tmp_path: Path, server: str) -> None:
    workspace = Workspace(tmp_path, cwd=tmp_path, allow_remote=True, max_file_size=1000)
    target = workspace.resolve(root_document(tmp_path, workspace), f"{server}/huge.yaml#/x")
    assert isinstance(target, RefError) and "larger than the limit" in target.message


def test_a_failed_fetch_is_an_invalid_ref(tmp_path: Path, server: str) -> None:
    workspace = Workspace(tmp_path, cwd=tmp_path, allow_remote=True)
    target = workspace.resolve(root_document(tmp_path, workspace), f"{server}/missing.yaml#/x")
    assert isinstance(target, RefError) and target.kind == "invalid-ref"
    assert "could not be fetched" in target.message
