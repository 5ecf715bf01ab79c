"""``operation-summary`` and ``operation-4xx-response``: what every operation should tell its readers.

Operations are reported in the file that holds them, wherever a ``$ref`` to a path item
puts them. Summaries are asked of every operation the document describes, those of
webhooks, callbacks and reusable path items included, since documentation shows them
all; client errors only of the operations of the API's own paths, the ones its clients
call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.findings import Violation
from apilint.index import Node
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer, pointer_tokens
from apilint.rules import rule
from apilint_oas.rules.structure import iter_objects

__all__ = ["RULES", "operation_4xx_response", "operation_summary"]

# A status code (404) or a range (4XX) of the client-error class.
_CLIENT_ERROR = re.compile(r"4[0-9Xx]{2}")


@rule(
    id="operation-summary",
    severity="error",
    summary="Every operation must have a non-empty summary.",
    description="""
    The summary is the short line that documentation portals, API catalogues and
    generated SDKs show for an operation: in navigation menus, in method lists, as the
    first line of a method's comment. Without it, readers see only a method and a path,
    or an operationId made for code rather than for people. Every operation is checked:
    those of paths, and those of webhooks, callbacks and reusable path items too. An
    operation without a `summary` is reported on the operation; an empty or blank one on
    the field.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        get:
          responses:
            "200":
              description: The orders
        post:
          summary: ""
          responses:
            "201":
              description: Created
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        get:
          summary: List orders
          responses:
            "200":
              description: The orders
        post:
          summary: Place an order
          responses:
            "201":
              description: Created
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#operation-object",
    recommended=False,
    tags=("documentation",),
)
def operation_summary(ctx: RuleContext) -> Iterator[Violation]:
    names = {(operation.node.document.uri, operation.node.pointer): f"Operation {operation.method.upper()} "
             f"{operation.path}" for operation in ctx.index.operations}
    for _, node in iter_objects(ctx, frozenset({"operation"})):
        name = names.get((node.document.uri, node.pointer)) or _name_elsewhere(node)
        if "summary" not in node.value:
            yield ctx.violation(node.pointer, f"{name} has no summary.", node.document)
            continue
        summary = node.value["summary"]
        if summary is None or (isinstance(summary, str) and not summary.strip()):
            yield ctx.violation(join_pointer(node.pointer, "summary"), f"The summary of {name[0].lower()}{name[1:]} "
                                "is empty.", node.document)


def _name_elsewhere(operation: Node) -> str:
    """How to name an operation that is not one of the document's paths, for a message."""
    tokens = pointer_tokens(operation.pointer)
    if len(tokens) == 3 and tokens[0] == "webhooks":
        return f"Operation {tokens[2].upper()} of webhook '{tokens[1]}'"
    return "This operation"


@rule(
    id="operation-4xx-response",
    severity="warn",
    summary="Every operation should describe at least one client error (4xx) response.",
    description="""
    Every operation can be called wrongly: a malformed body, a missing parameter, an
    expired token, an unknown id. Clients need to know what comes back then, which status
    codes and which error body, to handle it rather than crash on it. An operation whose
    `responses` lists only successes (and perhaps `default`) leaves that to guesswork.
    A single status code (`400`, `404` ...) or the `4XX` range satisfies the rule. It is
    reported on the operation's `responses`; operations without `responses` are left to
    the schema rules. Only the operations of `paths` are checked: webhooks and callbacks
    are requests the API makes, whose answers it does not define.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders/{id}:
        get:
          parameters:
            - name: id
              in: path
              required: true
              schema:
                type: string
          responses:
            "200":
              description: The order
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders/{id}:
        get:
          parameters:
            - name: id
              in: path
              required: true
              schema:
                type: string
          responses:
            "200":
              description: The order
            "404":
              description: No order has this id
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#responses-object",
    recommended=False,
    tags=("responses",),
)
def operation_4xx_response(ctx: RuleContext) -> Iterator[Violation]:
    for operation in ctx.index.operations:
        node = operation.node
        responses = node.value.get("responses")
        if not isinstance(responses, dict):
            continue
        if not any(_CLIENT_ERROR.fullmatch(str(code)) for code in responses):
            yield ctx.violation(join_pointer(node.pointer, "responses"),
                                f"Operation {operation.method.upper()} {operation.path} describes no 4xx response.",
                                node.document)


RULES = (operation_summary, operation_4xx_response)
