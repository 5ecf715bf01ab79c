"""``security-defined`` and ``security-scopes-defined``: how each operation is protected.

Security requirements are read where they are written: the document's root
``security``, and each operation's own (an operation reached through a ``$ref`` to a
path item is reported in the file that holds it). Security schemes are looked up in the
root document, as the specification says.
"""

from __future__ import annotations

from collections.abc import Iterator

from apilint.findings import Violation
from apilint.index import Node
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import rule
from apilint_oas.rules.structure import iter_objects

__all__ = ["RULES", "security_defined", "security_scopes_defined"]


@rule(
    id="security-defined",
    severity="error",
    summary="Every operation must state its security, itself or through the document's root security.",
    description="""
    An operation that no security requirement applies to can be called by anyone. That
    may be intended (a health check, a login endpoint) or an oversight, and the document
    does not say which. The rule asks for the decision to be written down: a root
    `security` list that applies to every operation, or a `security` list on the
    operation itself. An operation that needs no authentication says so with
    `security: []`, or offers it as optional with an empty requirement (`- {}`) among
    its alternatives; either counts as stated. Each operation of `paths` without any is
    reported; webhooks and callbacks, requests that the API makes rather than serves,
    are not.
    Whether the schemes named exist is checked by `oas2-operation-security-defined` and
    `oas3-operation-security-defined`.
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
    components:
      securitySchemes:
        apiKey:
          type: apiKey
          in: header
          name: X-API-Key
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    security:
      - apiKey: []
    paths:
      /orders:
        get:
          responses:
            "200":
              description: The orders
      /health:
        get:
          security: []
          responses:
            "200":
              description: The service is up
    components:
      securitySchemes:
        apiKey:
          type: apiKey
          in: header
          name: X-API-Key
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#security-requirement-object",
    recommended=False,
    tags=("security",),
)
def security_defined(ctx: RuleContext) -> Iterator[Violation]:
    data = ctx.data
    if not isinstance(data, dict) or isinstance(data.get("security"), list):
        return
    reported: set[tuple[str, str]] = set()
    for operation in ctx.index.operations:
        node = operation.node
        if isinstance(node.value.get("security"), list) or (node.document.uri, node.pointer) in reported:
            continue
        reported.add((node.document.uri, node.pointer))
        yield ctx.violation(node.pointer, f"Operation {operation.method.upper()} {operation.path} has no security "
                            "requirements, and the document declares none at its root.", node.document)


@rule(
    id="security-scopes-defined",
    severity="warn",
    summary="OAuth2 scopes named in security requirements should be declared by their security scheme.",
    description="""
    A security requirement on an OAuth2 scheme lists the scopes a token needs. Those
    scopes must be ones the scheme declares (in its flows in OpenAPI 3, in its `scopes`
    in Swagger 2.0): authorization servers issue only declared scopes, so a misspelt
    or forgotten one makes the operation impossible to call, and documentation cannot
    explain a scope it has no description for. Each undeclared scope is reported where
    it is used: in the root `security`, or in that of any operation, webhooks and
    callbacks included. Schemes of other types, and schemes that do not exist, are left
    alone.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        post:
          security:
            - oauth:
                - orders:wirte
          responses:
            "201":
              description: Created
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            clientCredentials:
              tokenUrl: https://auth.example.org/token
              scopes:
                orders:read: Read orders
                orders:write: Place and change orders
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Orders
      version: 1.0.0
    paths:
      /orders:
        post:
          security:
            - oauth:
                - orders:write
          responses:
            "201":
              description: Created
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            clientCredentials:
              tokenUrl: https://auth.example.org/token
              scopes:
                orders:read: Read orders
                orders:write: Place and change orders
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#oauth-flow-object",
    recommended=False,
    tags=("security",),
)
def security_scopes_defined(ctx: RuleContext) -> Iterator[Violation]:
    declared: dict[str, set[str] | None] = {}
    for requirements in _requirement_lists(ctx):
        for index, requirement in enumerate(requirements.value):
            if not isinstance(requirement, dict):
                continue
            base = join_pointer(requirements.pointer, index)
            for key, scopes in requirement.items():
                name = str(key)
                scheme = ctx.index.security_schemes.get(name)
                if scheme is None or not isinstance(scopes, list):
                    continue
                if name not in declared:
                    declared[name] = _declared_scopes(ctx, scheme)
                known = declared[name]
                if known is None:
                    continue
                for position, scope in enumerate(scopes):
                    if isinstance(scope, str) and scope not in known:
                        yield ctx.violation(join_pointer(base, name, position),
                                            f"Scope '{scope}' is not declared by security scheme '{name}'.",
                                            requirements.document)


def _requirement_lists(ctx: RuleContext) -> Iterator[Node]:
    """The root ``security`` list and the one of every operation (webhooks and callbacks too), once each."""
    data = ctx.data
    if isinstance(data, dict) and isinstance(data.get("security"), list):
        yield Node(ctx.document, "/security", data["security"])
    for _, node in iter_objects(ctx, frozenset({"operation"})):
        security = node.value.get("security")
        if isinstance(security, list):
            yield Node(node.document, join_pointer(node.pointer, "security"), security)


def _declared_scopes(ctx: RuleContext, scheme: Node) -> set[str] | None:
    """The scopes an OAuth2 scheme declares in any of its flows; None for other kinds of scheme."""
    value = scheme.value
    if not isinstance(value, dict) or value.get("type") != "oauth2":
        return None
    if "flows" not in value:
        # Swagger 2.0: one flow per scheme, its scopes on the scheme itself.
        return _scope_names(value)
    scopes: set[str] = set()
    flows = ctx.follow(Node(scheme.document, join_pointer(scheme.pointer, "flows"), value["flows"]))
    if isinstance(flows.value, dict):
        for name, flow in flows.value.items():
            scopes |= _scope_names(ctx.follow(Node(flows.document, join_pointer(flows.pointer, str(name)), flow)).value)
    return scopes


def _scope_names(holder: object) -> set[str]:
    scopes = holder.get("scopes") if isinstance(holder, dict) else None
    return {str(scope) for scope in scopes} if isinstance(scopes, dict) else set()


RULES = (security_defined, security_scopes_defined)
