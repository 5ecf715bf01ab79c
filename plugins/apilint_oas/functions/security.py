"""``oasSecurityDefined``: security requirements name declared schemes, and oauth2 scopes those schemes define.

A security requirement maps scheme names to lists of scopes. Each name must be declared in
``securityDefinitions`` (OpenAPI 2.0) or ``components.securitySchemes`` (3.x). Where the
specification gives the list a meaning that the document can check (the scopes of an oauth2
scheme), every scope must be one the scheme defines; where it must be empty (any other kind of
scheme in 2.0 and 3.0), any entry is reported. The list is not checked for ``openIdConnect``
schemes, whose scopes come from the provider's discovery document, nor, from 3.1 on, for
schemes that are not oauth2, whose list holds role names the document does not declare.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint.pointer import decode_fragment, pointer_tokens
from apilint_functions.values import object_keys

__all__ = ["FUNCTIONS", "OAS_SECURITY_DEFINED"]

#: Formats whose security requirements may list role names for schemes that are not oauth2.
_ROLES_ALLOWED = frozenset({"oas3_1", "oas3_2"})
#: Stands for a scheme written as a reference this function cannot follow (into another file).
_UNKNOWN = object()


def _is_requirement(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(scopes, list) and all(isinstance(scope, str) for scope in scopes) for scopes in value.values())


def _local(root: Any, value: Any) -> Any:
    """``value`` with references into the root document followed; ``_UNKNOWN`` for other references."""
    seen: set[str] = set()
    while isinstance(value, dict) and isinstance(value.get("$ref"), str):
        ref = value["$ref"]
        if not ref.startswith("#") or ref in seen:
            return _UNKNOWN
        seen.add(ref)
        value = root
        for token in pointer_tokens(decode_fragment(ref[1:])):
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                return _UNKNOWN
    return value


def _declared_scopes(root: Any, scheme: dict[str, Any], oas_version: int) -> set[str]:
    if oas_version == 2:
        scopes = _local(root, scheme.get("scopes"))
        return {str(name) for name in scopes} if isinstance(scopes, dict) else set()
    flows = _local(root, scheme.get("flows"))
    declared: set[str] = set()
    if isinstance(flows, dict):
        for flow in flows.values():
            flow = _local(root, flow)
            scopes = _local(root, flow.get("scopes")) if isinstance(flow, dict) else None
            if isinstance(scopes, dict):
                declared.update(str(name) for name in scopes)
    return declared


def _scope_problems(name: str, scopes: list[str], scheme: Any, root: Any, oas_version: int,
                    spec_format: str | None) -> Iterator[FunctionResult]:
    if scheme is _UNKNOWN or not scopes:
        return
    kind = scheme.get("type") if isinstance(scheme, dict) else None
    if kind == "openIdConnect" or (oas_version == 3 and spec_format in _ROLES_ALLOWED and kind != "oauth2"):
        return
    declared = _declared_scopes(root, scheme, oas_version) if isinstance(scheme, dict) else set()
    for index, scope in enumerate(scopes):
        if scope in declared:
            continue
        if kind == "oauth2" or declared:
            message = f'Scope "{scope}" is not one of the scopes that security scheme "{name}" defines.'
        else:
            described = f'of type "{kind}"' if isinstance(kind, str) else "without oauth2 flows"
            message = f'Security scheme "{name}" is {described} and takes no scopes, so "{scope}" cannot be required.'
        yield FunctionResult(message, (name, index), sentence=True)


def _security_defined(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not _is_requirement(value) or not value:
        return
    root = context.document.data
    if not isinstance(root, dict):
        return
    oas_version = options.get("oasVersion", 3)
    if oas_version == 2:
        location, schemes = "securityDefinitions", _local(root, root.get("securityDefinitions"))
    else:
        components = _local(root, root.get("components"))
        location = "components.securitySchemes"
        schemes = _local(root, components.get("securitySchemes")) if isinstance(components, dict) else components
    if schemes is _UNKNOWN:
        return  # declared in another file, out of this function's sight
    for name in object_keys(value):
        if not isinstance(schemes, dict) or name not in schemes:
            yield FunctionResult(f"is not a security scheme declared in {location}", (name,))
            continue
        yield from _scope_problems(name, value[name], _local(root, schemes[name]), root, oas_version,
                                   context.spec_format)


OAS_SECURITY_DEFINED = RuleFunction(
    name="oasSecurityDefined",
    check=_security_defined,
    description="A security requirement names only declared security schemes, and requires only scopes that an "
                "oauth2 scheme defines (or none, for schemes that take no scopes).",
    options_schema={
        "type": "object",
        "properties": {
            "oasVersion": {"enum": [2, 3], "description": "2 to look in securityDefinitions, 3 in "
                                                          "components.securitySchemes."},
        },
        "additionalProperties": False,
    },
)

FUNCTIONS = (OAS_SECURITY_DEFINED,)
