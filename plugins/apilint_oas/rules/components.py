"""``oas2-unused-component``: reusable parameters and responses of a Swagger 2.0 document that nothing uses.

Schemas (``definitions``) are ``oas2-unused-definition``'s; this rule covers the two other
sections of reusable objects. An entry is used when some ``$ref`` reachable from the
document, in it or in any file it references, points exactly at it.
"""

from __future__ import annotations

from collections.abc import Iterator

from apilint.document import Document
from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import rule

__all__ = ["RULES", "oas2_unused_component"]

_SECTIONS = (("parameters", "Parameter"), ("responses", "Response"))


def _reference_targets(ctx: RuleContext) -> set[tuple[str, str]]:
    """``(document uri, pointer)`` of every node a ``$ref`` reachable from the linted document points to."""
    targets: set[tuple[str, str]] = set()
    pending: list[Document] = [ctx.document]
    read = {ctx.document.uri}
    while pending:
        document = pending.pop()
        if not document.parsed:
            continue
        for _, ref in document.reference_sites:
            if not isinstance(ref, str):
                continue
            target = ctx.resolve(document, ref)
            if target is None:
                continue
            targets.add((target.document.uri, target.pointer))
            if target.document.uri not in read:
                read.add(target.document.uri)
                pending.append(target.document)
    return targets


@rule(
    id="oas2-unused-component",
    severity="warn",
    summary="Every reusable parameter and response of a Swagger 2.0 document should be referenced.",
    description="""
    The root `parameters` and `responses` sections of a Swagger 2.0 document hold objects
    meant to be shared through `$ref`. One that nothing references is dead weight: it is
    often what remains after an operation was changed, it still shows up in generated
    documentation and code, and readers cannot tell whether it is meant to be used. An
    entry counts as used when a `$ref` in the document, or in a file it references,
    points at it. Unused entries of `definitions` are reported by
    `oas2-unused-definition`.
    """,
    formats={"oas2"},
    bad_example="""
    swagger: "2.0"
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        get:
          responses:
            "200":
              description: The orders
    parameters:
      limit:
        name: limit
        in: query
        type: integer
    responses:
      NotFound:
        description: No such order
    """,
    good_example="""
    swagger: "2.0"
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        get:
          parameters:
            - $ref: "#/parameters/limit"
          responses:
            "200":
              description: The orders
            "404":
              $ref: "#/responses/NotFound"
    parameters:
      limit:
        name: limit
        in: query
        type: integer
    responses:
      NotFound:
        description: No such order
    """,
    documentation_url="https://spec.openapis.org/oas/v2.0.html#parameters-definitions-object",
    recommended=False,
    tags=("components",),
)
def oas2_unused_component(ctx: RuleContext) -> Iterator[Violation]:
    data = ctx.data
    if not isinstance(data, dict):
        return
    targets: set[tuple[str, str]] | None = None
    for section, kind in _SECTIONS:
        entries = data.get(section)
        if not isinstance(entries, dict):
            continue
        for name in entries:
            pointer = join_pointer(f"/{section}", str(name))
            if targets is None:
                targets = _reference_targets(ctx)
            if (ctx.document.uri, pointer) not in targets:
                yield ctx.violation(pointer, f"{kind} '{name}' is not referenced anywhere.")


RULES = (oas2_unused_component,)
