"""``no-server-example.com`` and ``no-server-variables-empty-enum``: servers clients can actually use.

Servers are read wherever they can be given: the document's root, path items (of paths,
webhooks, callbacks and components), operations and links, each reported in the file
that holds it; in Swagger 2.0, the root ``host``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.findings import Violation
from apilint.index import Node
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import rule
from apilint_oas.rules.structure import Kind, iter_objects

__all__ = ["RULES", "no_server_example_com", "no_server_variables_empty_enum"]

# The host is example.com, one of its subdomains, or localhost: it is preceded by nothing,
# a slash or a dot, and followed by the end, a port, a path or a query.
_PLACEHOLDER_HOST = re.compile(r"(?:.*[/.])?(?:example\.com|localhost)(?:[/:?]|\Z)")
_SERVER_HOLDERS: frozenset[Kind] = frozenset({"path-item", "operation", "link"})


def _servers(ctx: RuleContext) -> Iterator[Node]:
    """Every Server object of the document: at the root, on path items, operations and links, once each."""
    if isinstance(ctx.data, dict):
        yield from _server_list(Node(ctx.document, "", ctx.data))
    for kind, node in iter_objects(ctx, _SERVER_HOLDERS):
        if kind == "link":
            server = node.value.get("server")
            if isinstance(server, dict):
                yield Node(node.document, join_pointer(node.pointer, "server"), server)
        else:
            yield from _server_list(node)


def _server_list(holder: Node) -> Iterator[Node]:
    servers = holder.value.get("servers")
    if isinstance(servers, list):
        base = join_pointer(holder.pointer, "servers")
        for index, server in enumerate(servers):
            if isinstance(server, dict):
                yield Node(holder.document, join_pointer(base, index), server)


@rule(
    id="no-server-example.com",
    severity="warn",
    summary="Server URLs should not point to example.com or localhost.",
    description="""
    `example.com` and `localhost` are placeholders: the first is reserved for
    documentation, the second is the reader's own machine. A published API description
    whose server is one of them sends "try it" consoles, generated SDKs and mock
    clients nowhere. Use the real address, or a server variable whose default is the
    real host. A server URL is reported when its host is `example.com` (or a subdomain of
    it) or `localhost`, wherever the server is given: at the root, on path items (also
    those of webhooks, callbacks and components), on operations and on links. In
    Swagger 2.0 the `host` field is checked the same way. Hosts such as `example.org`
    or `127.0.0.1` are not reported.
    """,
    formats={"oas2", "oas3"},
    bad_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    servers:
      - url: https://api.example.com/v1
      - url: http://localhost:8080
    paths: {}
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    servers:
      - url: https://api.shop.test/v1
    paths: {}
    """,
    documentation_url="https://spec.openapis.org/oas/latest.html#server-object",
    recommended=False,
    tags=("servers",),
)
def no_server_example_com(ctx: RuleContext) -> Iterator[Violation]:
    data = ctx.data
    if ctx.spec_format == "oas2":
        host = data.get("host") if isinstance(data, dict) else None
        if isinstance(host, str) and _PLACEHOLDER_HOST.match(host):
            yield ctx.violation("/host", f"Host '{host}' is a placeholder (example.com or localhost).")
        return
    for server in _servers(ctx):
        url = server.value.get("url")
        if isinstance(url, str) and _PLACEHOLDER_HOST.match(url):
            yield ctx.violation(join_pointer(server.pointer, "url"),
                                f"Server URL '{url}' points to a placeholder host (example.com or localhost).",
                                server.document)


@rule(
    id="no-server-variables-empty-enum",
    severity="error",
    summary="A server variable's enum must list at least one value.",
    description="""
    A server variable with an `enum` can only take the values the enum lists. An empty
    enum allows none, so no valid URL can be built from the server: tools that offer the
    values in a drop-down show nothing, and a default can never be valid. OpenAPI 3.1
    forbids it outright and 3.0 advises against it. List the allowed values, or remove
    `enum` to allow any value. Variables are checked on every server of the document: at
    the root, on path items, on operations and on links.
    """,
    formats={"oas3"},
    bad_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    servers:
      - url: https://{region}.shop.test/v1
        variables:
          region:
            default: eu
            enum: []
    paths: {}
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    servers:
      - url: https://{region}.shop.test/v1
        variables:
          region:
            default: eu
            enum: [eu, us]
    paths: {}
    """,
    documentation_url="https://spec.openapis.org/oas/latest.html#server-variable-object",
    recommended=False,
    tags=("servers",),
)
def no_server_variables_empty_enum(ctx: RuleContext) -> Iterator[Violation]:
    for server in _servers(ctx):
        variables = server.value.get("variables")
        if not isinstance(variables, dict):
            continue
        for name, variable in variables.items():
            enum = variable.get("enum") if isinstance(variable, dict) else None
            if isinstance(enum, list) and not enum:
                yield ctx.violation(join_pointer(server.pointer, "variables", str(name), "enum"),
                                    f"Server variable '{name}' has an empty enum, so it can take no value.",
                                    server.document)


RULES = (no_server_example_com, no_server_variables_empty_enum)
