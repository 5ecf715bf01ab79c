"""The ACME rules written in Python.

Each rule reads ``ctx.index``: the document's operations (with the parameters that apply to each,
path-level ones included), path items and servers, every one a ``Node`` that knows the file and
JSON pointer where it is written, ``$ref``s already followed. A rule yields a violation on the
pointer of the node that is wrong, in that node's document, and apilint turns it into a file, line
and column. Where a rule goes further than the index (into a response, a schema) it follows
``$ref``s itself with ``ctx.follow``, so a problem in a shared component is reported where the
component is written, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from apilint import Node, RuleContext, Violation, rule

__all__ = ["RULES", "https_servers", "paginated_collections", "problem_details"]

GUIDELINES = "https://guidelines.acme.example/api/1.0"
#: Plain HTTP is allowed for a server on the developer's own machine.
_LOCAL = re.compile(r"^http://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(/|$)", re.IGNORECASE)
PROBLEM_JSON = "application/problem+json"


def pointer(base: str, *keys: str | int) -> str:
    """``base`` extended by ``keys``, escaped as JSON pointers require (``/`` in a media type, ``~``)."""
    return base + "".join("/" + str(key).replace("~", "~0").replace("/", "~1") for key in keys)


def _member(node: Node, key: str) -> Node | None:
    """The member ``key`` of a mapping node, where it is written; None when there is none."""
    if not isinstance(node.value, dict) or key not in node.value:
        return None
    return Node(node.document, pointer(node.pointer, key), node.value[key])


# -- ACME-SEC-1 -------------------------------------------------------------------------------------


@rule(
    id="acme:https-servers",
    severity="error",
    summary="Every server URL must be an https:// URL.",
    description="""
    ACME APIs carry customer and order data, and are only ever served over HTTPS: the guidelines
    forbid plain HTTP even inside the company network, because a URL in a description ends up in
    generated clients, gateways and test scripts, and an http:// URL there means requests that can
    be read and changed on the way. A server URL must therefore start with `https://`; the only
    exception is `http://localhost` (or 127.0.0.1) for a developer's own machine. Relative URLs and
    URLs whose scheme is a server variable are reported too, since nothing in them promises HTTPS.
    Servers are checked at the root, on path items and on operations; in OpenAPI 2.0 documents,
    every entry of `schemes` must be `https`.
    """,
    bad_example="""
    servers:
      - url: http://api.acme.example/orders/v1
    """,
    good_example="""
    servers:
      - url: https://api.acme.example/orders/v1
      - url: http://localhost:8080/orders/v1
    """,
    documentation_url=f"{GUIDELINES}#acme-sec-1",
    clause="ACME-SEC-1",
)
def https_servers(ctx: RuleContext) -> Iterator[Violation]:
    if ctx.spec_format == "oas2":
        schemes = _member(Node(ctx.document, "", ctx.data), "schemes")
        if schemes is not None and isinstance(schemes.value, list):
            for position, scheme in enumerate(schemes.value):
                if isinstance(scheme, str) and scheme.lower() != "https":
                    yield ctx.violation(pointer(schemes.pointer, position),
                                        f"Scheme '{scheme}' is not HTTPS; ACME APIs are served over HTTPS only.")
        return
    lists = [_member(item, "servers") for _, item in ctx.index.path_items]
    lists += [_member(operation.node, "servers") for operation in ctx.index.operations]
    servers = list(ctx.index.servers)
    servers += [Node(found.document, pointer(found.pointer, position), server)
                for found in lists if found is not None and isinstance(found.value, list)
                for position, server in enumerate(found.value)]
    for server in servers:
        url = _member(server, "url")
        if url is not None and isinstance(url.value, str) and not _secure(url.value):
            yield ctx.violation(url.pointer, f"Server URL '{url.value}' is not an https:// URL; ACME APIs are "
                                "served over HTTPS only.", url.document)


def _secure(url: str) -> bool:
    return url.lower().startswith("https://") or _LOCAL.match(url) is not None


# -- ACME-PAG-1 -------------------------------------------------------------------------------------


@rule(
    id="acme:paginated-collections",
    severity="warn",
    summary="A GET operation that returns a list should accept the limit and cursor query parameters.",
    description="""
    Collections grow. An operation that returns every order in one response works in the first
    month and times out in the second year, and adding paging later breaks every client that
    expected the whole list. ACME pages every collection from the start, with the same two query
    parameters everywhere: `limit` (how many items) and `cursor` (where to go on from, as returned
    in the previous page). A GET operation whose 200 response has a JSON body that is an array is a
    collection; parameters declared on the path item count, and so do parameters, responses and
    schemas reached through `$ref`, in this file or another. The finding is on the operation,
    where the parameters are missing. An API that pages with other names, agreed with the API
    guild, sets them in the rule's `parameters` option.
    """,
    bad_example="""
    /orders:
      get:
        responses:
          "200":
            description: The orders.
            content:
              application/json:
                schema:
                  type: array
                  items: {$ref: "#/components/schemas/Order"}
    """,
    good_example="""
    /orders:
      get:
        parameters:
          - {$ref: "#/components/parameters/Limit"}
          - {$ref: "#/components/parameters/Cursor"}
        responses:
          "200":
            description: One page of orders.
            content:
              application/json:
                schema:
                  type: array
                  items: {$ref: "#/components/schemas/Order"}
    """,
    documentation_url=f"{GUIDELINES}#acme-pag-1",
    clause="ACME-PAG-1",
    # A list wrapped in an object is not recognised as a collection, so some go unchecked; what is
    # reported is a collection without paging.
    precision="high",
    options={"parameters": ["limit", "cursor"]},
    options_schema={
        "type": "object",
        "properties": {"parameters": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
        "additionalProperties": False,
    },
)
def paginated_collections(ctx: RuleContext) -> Iterator[Violation]:
    for operation in ctx.index.operations:
        if operation.method != "get" or not _returns_a_list(ctx, operation.node):
            continue
        query = {parameter.value.get("name") for parameter in operation.parameters
                 if isinstance(parameter.value, dict) and parameter.value.get("in") == "query"}
        paging = ctx.options["parameters"]
        missing = [name for name in paging if name not in query]
        if missing:
            yield ctx.violation(operation.node.pointer,
                                f"GET {operation.path} returns a list but has no "
                                f"{' and no '.join(repr(name) for name in missing)} query parameter; ACME "
                                f"collections are paged with {' and '.join(paging)}.", operation.node.document)


def _returns_a_list(ctx: RuleContext, operation: Node) -> bool:
    responses = _member(operation, "responses")
    found = _member(responses, "200") if responses is not None else None
    if found is None:
        return False
    response = ctx.follow(found)
    if ctx.spec_format == "oas2":
        schemas = [_member(response, "schema")]
    else:
        content = _member(response, "content")
        media = [_member(content, name) for name in content.value if "json" in str(name)] \
            if content is not None and isinstance(content.value, dict) else []
        schemas = [_member(item, "schema") for item in media if item is not None]
    return any(schema is not None and _is_array(ctx.follow(schema).value) for schema in schemas)


def _is_array(schema: Any) -> bool:
    kind = schema.get("type") if isinstance(schema, dict) else None
    return kind == "array" or (isinstance(kind, list) and "array" in kind)  # 3.1 allows a list of types


# -- ACME-ERR-1 -------------------------------------------------------------------------------------


@rule(
    id="acme:problem-details",
    severity="error",
    summary="Every 4xx and 5xx response must offer an application/problem+json body.",
    description="""
    When a call fails, the client needs to know why in a form it can act on, and support needs
    the same details in every team's logs. ACME error bodies are problem details (RFC 9457),
    served as `application/problem+json`, with `type`, `title`, `status` and `detail`. Each 4xx
    and 5xx response of an operation (a single code or a range such as `4XX`) must list that
    media type in its `content`; it may offer others beside it. A response without a body is
    reported on the response, one without the media type on its `content`. Responses shared
    through `components/responses` or another file are reported where they are written, once.
    """,
    bad_example="""
    responses:
      "404":
        description: No such order.
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Error"}
    """,
    good_example="""
    responses:
      "404":
        description: No such order.
        content:
          application/problem+json:
            schema: {$ref: "#/components/schemas/Problem"}
    """,
    documentation_url=f"{GUIDELINES}#acme-err-1",
    clause="ACME-ERR-1",
    formats=["oas3"],
)
def problem_details(ctx: RuleContext) -> Iterator[Violation]:
    for operation in ctx.index.operations:
        responses = _member(operation.node, "responses")
        if responses is None or not isinstance(responses.value, dict):
            continue
        for code in responses.value:
            if not str(code).startswith(("4", "5")):
                continue
            found = _member(responses, code)
            assert found is not None
            response = ctx.follow(found)
            if not isinstance(response.value, dict):
                continue  # not a response object: the schema rules say so
            content = _member(response, "content")
            if content is None or not isinstance(content.value, dict) or not content.value:
                # The message leaves the status code out: a shared response is reported once, whatever
                # codes it answers for.
                yield ctx.violation(response.pointer, "This error response has no body; describe the error as "
                                    f"{PROBLEM_JSON}.", response.document)
            elif PROBLEM_JSON not in content.value:
                offered = ", ".join(str(name) for name in content.value)
                yield ctx.violation(content.pointer, f"This error response offers {offered} but not "
                                    f"{PROBLEM_JSON}.", content.document)


RULES = (https_servers, paginated_collections, problem_details)
