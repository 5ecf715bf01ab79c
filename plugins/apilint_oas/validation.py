"""``oas2-schema`` and ``oas3-schema``: the document against the official OpenAPI schema.

The OpenAPI schemas describe a whole document, so content a ``$ref`` pulls in from
another file must be checked in the place it is used. The rules validate a *bundled
view* of the root document: the root's data, with every reference into another file
(and every reference met inside another file) replaced by what it points to. References
inside the root file stay as they are; the schemas accept them as Reference objects and
the target is checked where it is written. Each finding is mapped back to the file and
the pointer where the offending node is written.
"""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from apilint.document import Document
from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer, pointer_from_tokens, pointer_tokens
from apilint.quick_validity import MAX_DEPTH, QuickCheck, nesting_depth
from apilint.reference_sites import is_literal_member
from apilint.rules import rule
from apilint.workspace import MAX_REF_CHAIN, RefError, RefTarget, Workspace
from apilint_oas.schema_messages import JsonPath, SchemaIssue, explain

__all__ = ["RULES", "BundledView", "SchemaValidation", "bundle", "oas2_schema", "oas3_schema", "validation_input"]

#: Beyond this many nodes (counting every place a shared node is used) validation would
#: take minutes; documents that large are almost always alias or reference bombs.
MAX_VALIDATED_NODES = 3_000_000

# -- the bundled view


@dataclass(slots=True)
class BundledView:
    """The data to validate, and the way back from a path in it to where a node is written.

    ``origins`` maps the ``id()`` of every inlined target to the document and pointer it
    came from. ``alias_loop`` is set (to where it closes) when YAML aliases make the data
    contain itself, which no schema validation can walk. ``size`` counts nodes as the
    validator will meet them, a node shared by several places once per place; ``depth`` is
    how deeply containers are nested in :attr:`data`.
    """

    data: Any
    root: Document
    origins: dict[int, tuple[Document, str]] = field(default_factory=dict)
    size: int = 0
    depth: int = 0
    alias_loop: tuple[Document, str] | None = None

    def locate(self, path: JsonPath) -> tuple[Document, JsonPath]:
        """The document that holds the node at ``path`` in :attr:`data`, and its path there."""
        document, node = self.root, self.data
        steps: list[str | int] = []
        for step in path:
            child = _child(node, step)
            origin = self.origins.get(id(child)) if isinstance(child, dict | list) else None
            if origin is not None:
                document = origin[0]
                steps = _steps(document.data, origin[1])
            else:
                steps.append(step)
            node = child
        return document, tuple(steps)


_ABSENT = object()


def _steps(data: Any, pointer: str) -> list[str | int]:
    """The path of ``pointer`` in ``data``, with list indexes as integers."""
    steps: list[str | int] = []
    node = data
    for token in pointer_tokens(pointer):
        step: str | int = int(token) if isinstance(node, list) and token.isdigit() else token
        steps.append(step)
        node = _child(node, step)
    return steps


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(step, _ABSENT) if isinstance(step, str) else _ABSENT
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return _ABSENT


@dataclass(slots=True)
class _Frame:
    """A container being bundled; its result goes to ``slot`` of the frame below it.

    ``pointer`` is set only where a part of a document starts (its root, a reference's target);
    below, a pointer is worked out from the stack when one is needed (:meth:`_Bundler._pointer_below`):
    a frame holding its own, in a document nested 10,000 levels deep, cost memory quadratic in the
    depth (over a gigabyte).
    """

    source: dict[str, Any] | list[Any]
    document: Document
    pointer: str | None
    key: str | None
    parent_key: str | None
    children: Iterator[tuple[str | int, Any]]
    slot: str | int | None
    replaces: Any
    is_target: bool
    changes: dict[str | int, Any] = field(default_factory=dict)
    size: int = 1
    depth: int = 1


class _Bundler:
    """Builds a :class:`BundledView` with an explicit stack, so depth costs no Python stack.

    Each container is bundled once per document (``_done``), however many places share
    it through aliases or references, so the work is linear in the size of the files.
    A reference whose target is being bundled further down the stack is a cycle: it
    stays a ``$ref`` and the schemas accept it as a Reference object.
    """

    def __init__(self, root: Document, workspace: Workspace) -> None:
        self.root = root
        self.workspace = workspace
        self.view = BundledView(root.data, root)
        self._done: dict[tuple[int, str], tuple[Any, int, int]] = {}
        self._active: set[tuple[int, str]] = set()
        self._stack: list[_Frame] = []

    def run(self) -> BundledView:
        data = self.root.data
        if not isinstance(data, dict | list):
            self.view.size = 1
            return self.view
        self._push(data, self.root, "", None, None, slot=None, replaces=data, is_target=False)
        while self._stack:
            frame = self._stack[-1]
            step = next(frame.children, None)
            if step is None:
                self._stack.pop()
                result, size, depth = self._finish(frame)
                if self._stack:
                    self._deliver(self._stack[-1], frame.slot, frame.replaces, result, size, depth)
                else:
                    self.view.data, self.view.size, self.view.depth = result, size, depth
            else:
                self._visit(frame, *step)
        return self.view

    def _visit(self, frame: _Frame, name: str | int, child: Any) -> None:
        document = frame.document
        key: str | None
        parent_key: str | None
        if isinstance(frame.source, dict):
            key, parent_key = str(name), frame.key
        else:
            key, parent_key = frame.key, frame.parent_key
        if isinstance(child, dict) and isinstance(child.get("$ref"), str):
            target = self._inline_target(document, child)
            if target is None:
                # Kept as a reference: the schema checks it as a Reference object, whatever it holds.
                frame.size += len(child)
                nested = nesting_depth(child, MAX_DEPTH)
                frame.depth = max(frame.depth, 1 + (nested if nested is not None else MAX_DEPTH + 1))
                return
            done = self._done.get((id(target.value), target.document.uri))
            if done is not None:
                self.view.origins[id(done[0])] = (target.document, target.pointer)
                self._deliver(frame, name, child, *done)
            else:
                self._push(target.value, target.document, target.pointer, key, parent_key,
                           slot=name, replaces=child, is_target=True)
            return
        marker = (id(child), document.uri)
        if marker in self._active:
            if self.view.alias_loop is None:
                self.view.alias_loop = (document, self._pointer_below(name))
            return
        done = self._done.get(marker)
        if done is not None:
            self._deliver(frame, name, child, *done)
        else:
            self._push(child, document, None, key, parent_key, slot=name, replaces=child, is_target=False)

    def _pointer_below(self, name: str | int) -> str:
        """The pointer of the member ``name`` of the container on top of the stack."""
        tokens: list[str | int] = [name]
        for frame in reversed(self._stack):
            if frame.pointer is not None:
                return join_pointer(frame.pointer, *reversed(tokens))
            assert frame.slot is not None  # only a frame with a pointer has no slot
            tokens.append(frame.slot)
        raise AssertionError("the root frame has a pointer")

    def _inline_target(self, document: Document, reference: dict[str, Any]) -> RefTarget | None:
        """What the ``$ref`` object ``reference`` should be replaced by, or None to keep it."""
        target: RefTarget | None = None
        current, value = document, reference
        hops: set[tuple[int, str]] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str) and len(hops) < MAX_REF_CHAIN:
            resolved = self.workspace.resolve(current, value["$ref"])
            if isinstance(resolved, RefError):
                break  # reported by the reference rules; the Reference object stays
            if current is self.root and resolved.document is self.root:
                break  # a reference within the root file is validated as a Reference object
            hop = (id(resolved.value), resolved.document.uri)
            if hop in hops or hop in self._active:
                break
            hops.add(hop)
            target = resolved
            current, value = resolved.document, resolved.value
        if target is None or not isinstance(target.value, dict | list):
            # Scalars are never inlined: ids of small scalars are shared, so they could not
            # be mapped back to the file they came from, and a Reference object cannot
            # stand for a scalar anyway.
            return None
        return target

    def _push(self, value: dict[str, Any] | list[Any], document: Document, pointer: str | None, key: str | None,
              parent_key: str | None, *, slot: str | int | None, replaces: Any, is_target: bool) -> None:
        children: Iterator[tuple[str | int, Any]]
        depth = 1
        if isinstance(value, dict):
            children = ((name, child) for name, child in value.items()
                        if isinstance(child, dict | list) and not is_literal_member(key, parent_key, name))
            for name, child in value.items():
                if isinstance(child, dict | list) and is_literal_member(key, parent_key, name):
                    # Literal data is not bundled, but it is validated: its nesting counts.
                    nested = nesting_depth(child, MAX_DEPTH)
                    depth = max(depth, 1 + (nested if nested is not None else MAX_DEPTH + 1))
        else:
            children = ((index, child) for index, child in enumerate(value) if isinstance(child, dict | list))
        self._active.add((id(value), document.uri))
        self._stack.append(_Frame(value, document, pointer, key, parent_key, children, slot, replaces,
                                  is_target, size=1 + len(value), depth=depth))

    def _finish(self, frame: _Frame) -> tuple[Any, int, int]:
        source = frame.source
        marker = (id(source), frame.document.uri)
        self._active.discard(marker)
        result: Any = source
        if frame.changes:
            if isinstance(source, dict):
                result = dict(source)
                result.update(frame.changes)
            else:
                result = list(source)
                for index, value in frame.changes.items():
                    result[int(index)] = value
        self._done[marker] = (result, frame.size, frame.depth)
        if frame.is_target:
            assert frame.pointer is not None  # a target's is where the reference leads
            self.view.origins[id(result)] = (frame.document, frame.pointer)
        return result, frame.size, frame.depth

    @staticmethod
    def _deliver(frame: _Frame, slot: str | int | None, replaces: Any, result: Any, size: int, depth: int) -> None:
        if slot is not None and result is not replaces:
            frame.changes[slot] = result
        # Capped so that an alias bomb does not grow the count into a huge integer.
        frame.size = min(frame.size + size, MAX_VALIDATED_NODES + 1)
        frame.depth = max(frame.depth, depth + 1)


def bundle(root: Document, workspace: Workspace) -> BundledView:
    """The bundled view of ``root``: content from other files put where it is referenced."""
    if root.nodes and not root.shared and all(not isinstance(ref, str) or ref.startswith("#")
                                              for _, ref in root.reference_sites):
        # Nothing to bring in and no alias to expand: the data as written, measured when it was read.
        return BundledView(root.data, root, size=root.nodes, depth=root.depth)
    return _Bundler(root, workspace).run()


# -- the schema validators


#: The folder of openapi-spec-validator's copy of the official schemas, for each format.
_SCHEMA_VERSIONS = {"oas2": "2.0", "oas3_0": "3.0", "oas3_1": "3.1", "oas3_2": "3.2"}


def _schema_file(version: str) -> Path:
    """openapi-spec-validator's copy of the official OpenAPI schema for ``version``.

    The file is read from the installed package without importing it: its import pulls in pydantic
    and settings machinery that take longer than the whole lint of a small document, and only the
    schemas are needed.
    """
    spec = importlib.util.find_spec("openapi_spec_validator")
    if spec is None or spec.origin is None:
        raise RuntimeError("openapi-spec-validator is not installed; reinstall apilint")
    return Path(spec.origin).parent / "resources" / "schemas" / f"v{version}" / "schema.json"
#: The ``jsonSchemaDialect`` values under which schema objects are JSON Schema 2020-12 (with
#: OpenAPI's vocabulary), which is what an OpenAPI 3.1 document's schemas are when it names none.
_DEFAULT_DIALECTS = frozenset({
    "https://spec.openapis.org/oas/3.1/dialect/base", "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    "https://spec.openapis.org/oas/3.2/dialect/2025-09-17", "https://json-schema.org/draft/2020-12/schema",
})
_META_SCHEMA_2020_12 = "https://json-schema.org/draft/2020-12/schema"

_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _is_ecmascript_regex(value: object) -> bool:
    from apilint.js_regex import JsRegexError, compile_js_regex

    if not isinstance(value, str):
        return True
    try:
        compile_js_regex(value, "u")
    except JsRegexError:
        return False
    return True


# Only formats whose check is exact: "uri-reference" is left out because references such as
# "#/paths/~1a~1{id}" are routinely written without percent-encoding; "regex" is checked as
# ECMAScript in unicode mode, the dialect of OpenAPI's patterns.
_FORMATS: dict[str, Callable[[Any], bool]] = {
    "regex": _is_ecmascript_regex,
    "uri": lambda value: not isinstance(value, str) or bool(_URI.match(value)),
    "email": lambda value: not isinstance(value, str) or bool(_EMAIL.match(value)),
}


class SchemaValidation:
    """The OpenAPI schema of one format, its quick check, and jsonschema's validator, built when first needed.

    Most documents pass, and the quick check says so without jsonschema, whose import and
    validator take longer than linting a small document: :attr:`validator` is made only to
    explain a document that does not pass.
    """

    def __init__(self, spec_format: str, check_schemas: bool) -> None:
        """``check_schemas`` (3.1 and 3.2) validates Schema objects against the JSON Schema 2020-12
        meta-schema; the OpenAPI schema itself only requires them to be objects or booleans, since
        a document may declare another dialect."""
        version = _SCHEMA_VERSIONS[spec_format]
        #: The ``openapi`` version to validate as, when not the document's.
        self.stand_in: str | None = None
        if spec_format == "oas3_2" and not _schema_file(version).is_file():
            # Older openapi-spec-validator releases have no 3.2 schema. 3.2 only adds to 3.1, so the
            # 3.1 schema is the closest check; the document is presented to it as 3.1.0 so that
            # its version pattern does not reject every 3.2 document (fields new in 3.2 will
            # still be reported as unknown).
            version, self.stand_in = _SCHEMA_VERSIONS["oas3_1"], "3.1.0"
        schema = json.loads(_schema_file(version).read_text(encoding="utf-8"))
        defs = schema.get("$defs") if isinstance(schema, dict) else None
        self.check_schemas = False
        if check_schemas and isinstance(defs, dict) and isinstance(defs.get("schema"), dict):
            self.check_schemas = True
            # The meta-schema's own subschemas use "$dynamicRef": "#meta", which resolves to this
            # anchor, so every nested schema is checked against 2020-12 too.
            schema = {**schema, "$defs": {**defs, "schema": {**defs["schema"], "type": ["object", "boolean"],
                                                             "$ref": _META_SCHEMA_2020_12}}}
        self.schema: Any = schema
        self.quick = QuickCheck.for_schema(schema, _FORMATS)
        self._validator: Any = None

    @property
    def validator(self) -> Any:
        """jsonschema's validator: its errors are what the findings say."""
        if self._validator is None:
            from jsonschema import FormatChecker
            from jsonschema.validators import validator_for
            from referencing import Registry, Resource

            # jsonschema's own validator for the schema's dialect: the messages depend on the
            # sub-errors it reports for oneOf and anyOf.
            validator_class = validator_for(self.schema)
            # Crawled once here: left uncrawled, the registry is crawled again on every
            # "$dynamicRef" of the 3.1 and 3.2 schemas, which makes validation three times slower.
            resource = Resource.from_contents(self.schema)
            registry = Registry().with_resource(resource.id() or "", resource).crawl()
            if self.check_schemas:
                from jsonschema_specifications import REGISTRY as META_SCHEMAS

                registry = META_SCHEMAS.combine(registry).crawl()
            checker = FormatChecker(formats=())
            for name, check in _FORMATS.items():
                checker.checks(name)(check)
            self._validator = validator_class(self.schema, registry=registry, format_checker=checker)
        return self._validator


_validations: dict[tuple[str, bool], SchemaValidation] = {}


def _validation_for(spec_format: str, check_schemas: bool) -> SchemaValidation:
    validation = _validations.get((spec_format, check_schemas))
    if validation is None:
        validation = _validations[(spec_format, check_schemas)] = SchemaValidation(spec_format, check_schemas)
    return validation


# -- the check


def validation_input(view: BundledView, spec_format: str) -> tuple[Any, SchemaValidation]:
    """What validating ``view`` as ``spec_format`` checks: the data, and the schema to check it with."""
    data = view.data
    dialect = data.get("jsonSchemaDialect", _META_SCHEMA_2020_12) if isinstance(data, dict) else None
    validation = _validation_for(spec_format, spec_format in ("oas3_1", "oas3_2") and dialect in _DEFAULT_DIALECTS)
    if validation.stand_in is not None and isinstance(data, dict):
        data = {**data, "openapi": validation.stand_in}
    return data, validation


def _check(ctx: RuleContext) -> Iterator[Violation]:
    spec_format = ctx.spec_format
    if spec_format not in _SCHEMA_VERSIONS or not ctx.document.parsed:
        return
    view = bundle(ctx.document, ctx.workspace)
    if view.alias_loop is not None:
        document, pointer = view.alias_loop
        yield ctx.violation(pointer, "this node contains itself through a YAML alias; an OpenAPI document "
                            "must be a tree, so its structure was not validated", document)
        return
    if view.size > MAX_VALIDATED_NODES:
        yield ctx.violation("", f"the document holds more than {MAX_VALIDATED_NODES:,} nodes once its aliases "
                            "and references are expanded; its structure was not validated")
        return
    data, validation = validation_input(view, spec_format)
    if validation.quick is not None and validation.quick.surely_valid(data, depth=view.depth):
        return
    found: dict[tuple[str, str, str], tuple[Document, str, SchemaIssue]] = {}
    errors = validation.validator.iter_errors(data)
    too_deep = False
    while True:
        try:
            error = next(errors)
        except StopIteration:
            break
        except RecursionError:
            too_deep = True
            break
        for issue in explain(error, lambda path: view.locate(path)[1], data):
            document, steps = view.locate(issue.path)
            pointer = pointer_from_tokens(steps)
            found.setdefault((document.uri, pointer, issue.message), (document, pointer, issue))
    keywords: dict[tuple[str, str], set[str]] = {}
    for (uri, pointer, _), (_, _, issue) in found.items():
        keywords.setdefault((uri, pointer), set()).add(issue.keyword)
    for (uri, _, _), (document, pointer, issue) in found.items():
        if any(issue.keyword in _OUTRANKED.get(other, ()) for other in keywords[uri, pointer]):
            continue
        yield ctx.violation(pointer, issue.message, document)
    if too_deep:
        yield ctx.violation("", "the document is nested too deeply for its structure to be validated "
                            "completely")


# Issues that say nothing more once another issue is reported on the same node: a value of
# the wrong type also fails the enum or pattern meant for the right type, and an empty
# object also lacks the members that would have made it non-empty.
_OUTRANKED = {
    "type": frozenset({"enum", "const", "pattern", "format", "minLength", "maxLength"}),
    "minProperties": frozenset({"required"}),
}


# Indented like the descriptions it ends, so that dedenting the whole keeps it aligned.
_DESCRIPTION_TAIL = """
    Fields are checked wherever they are written: content that a `$ref` brings in from
    another file is validated in the place that uses it and reported in that file. Each
    problem is reported once, on the field concerned, with what was expected there.
"""


@rule(
    id="oas2-schema",
    severity="error",
    summary="The document must have the structure the OpenAPI 2.0 (Swagger) specification defines.",
    description="""
    Tools that read a Swagger 2.0 document (code generators, gateways, documentation
    portals) expect the fields the specification defines, with the types it gives them.
    A misspelt field is silently ignored by most of them, a value of the wrong type makes
    them fail, and a missing required field (such as `info.version` or a response's
    `description`) leaves them guessing. This rule checks the document against the
    official OpenAPI 2.0 JSON Schema.
    """ + _DESCRIPTION_TAIL,
    formats={"oas2"},
    bad_example="""
    swagger: "2.0"
    info:
      title: Pet store
      tittle: Pets
    paths:
      /pets:
        get:
          parameters:
            - name: limit
              in: querry
              type: integer
          responses:
            "200":
              descripton: The pets
    """,
    good_example="""
    swagger: "2.0"
    info:
      title: Pet store
      version: 1.0.0
    paths:
      /pets:
        get:
          parameters:
            - name: limit
              in: query
              type: integer
          responses:
            "200":
              description: The pets
    """,
    documentation_url="https://spec.openapis.org/oas/v2.0.html",
    tags=("validation",),
)
def oas2_schema(ctx: RuleContext) -> Iterator[Violation]:
    return _check(ctx)


@rule(
    id="oas3-schema",
    severity="error",
    summary="The document must have the structure the OpenAPI 3.x specification defines.",
    description="""
    Tools that read an OpenAPI document (code generators, gateways, documentation portals,
    mock servers) expect the fields the specification defines, with the types it gives
    them. A misspelt field is silently ignored by most of them, a value of the wrong type
    makes them fail, and a missing required field (such as `info.version` or a
    response's `description`) leaves them guessing. This rule checks the document
    against the official JSON Schema of its OpenAPI version (3.0, 3.1 or 3.2).
    """ + _DESCRIPTION_TAIL,
    formats={"oas3"},
    bad_example="""
    openapi: 3.1.0
    info:
      title: Pet store
      tittle: Pets
    paths:
      /pets:
        get:
          parameters:
            - name: limit
              in: querry
              schema:
                type: integer
          responses:
            "200":
              descripton: The pets
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Pet store
      version: 1.0.0
    paths:
      /pets:
        get:
          parameters:
            - name: limit
              in: query
              schema:
                type: integer
          responses:
            "200":
              description: The pets
    """,
    documentation_url="https://spec.openapis.org/oas/latest.html",
    tags=("validation",),
)
def oas3_schema(ctx: RuleContext) -> Iterator[Violation]:
    return _check(ctx)


RULES = (oas2_schema, oas3_schema)
