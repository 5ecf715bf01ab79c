"""``no-required-schema-properties-undefined`` and ``nullable-type-sibling``: schemas that say less than they mean.

Both rules look at every Schema object the document declares or uses, once each, in
the file that holds it (see :mod:`apilint_oas.rules.structure`).
"""

from __future__ import annotations

from collections.abc import Iterator

from apilint.findings import Violation
from apilint.index import Node
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import rule
from apilint_oas.rules.structure import composition_parent, iter_schemas

__all__ = ["RULES", "no_required_schema_properties_undefined", "nullable_type_sibling"]


@rule(
    id="no-required-schema-properties-undefined",
    severity="warn",
    summary="Every property a schema lists as required should be defined by the schema.",
    description="""
    A name in `required` that no `properties` entry defines is almost always a typo or a
    leftover from a rename: the property it meant is now optional, and clients are told
    to send a field that the documentation never describes. Properties count as defined
    when they are given in the schema's `properties`, in the schemas it combines with
    `allOf`, `anyOf` or `oneOf` (following `$ref`s, also into other files), or, for a
    schema that is itself a member of such a combination, in the schema that combines it
    and in that schema's `allOf` members. Each undefined name is reported on its entry in
    `required`. Properties matched only by `additionalProperties` or
    `patternProperties` do not count.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Pets
      version: 1.0.0
    paths: {}
    components:
      schemas:
        Pet:
          type: object
          required: [id, nmae]
          properties:
            id:
              type: integer
            name:
              type: string
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Pets
      version: 1.0.0
    paths: {}
    components:
      schemas:
        Pet:
          type: object
          required: [id, name]
          properties:
            id:
              type: integer
            name:
              type: string
        Cat:
          allOf:
            - $ref: "#/components/schemas/Pet"
            - required: [indoor]
              properties:
                indoor:
                  type: boolean
          required: [name]
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#schema-object",
    recommended=False,
    precision="high",
    tags=("schemas",),
)
def no_required_schema_properties_undefined(ctx: RuleContext) -> Iterator[Violation]:
    for schema in iter_schemas(ctx):
        required = schema.value.get("required")
        if not isinstance(required, list):
            continue
        wanted = [(index, name) for index, name in enumerate(required) if isinstance(name, str)]
        if not wanted:
            continue
        defined = _defined_properties(ctx, schema)
        for index, name in wanted:
            if name not in defined:
                yield ctx.violation(join_pointer(schema.pointer, "required", index),
                                    f"Required property '{name}' is not defined in the schema's properties.",
                                    schema.document)


def _defined_properties(ctx: RuleContext, schema: Node) -> set[str]:
    """The property names ``schema`` can rely on: its own, its members', and those of what combines it."""
    visited: set[tuple[str, str]] = set()
    names = _properties(ctx, schema, visited, with_alternatives=True)
    member = schema
    while (parent := composition_parent(member)) is not None:
        # The schema that combines this one adds its own properties and those of its allOf
        # parts, which hold together with this one; its other alternatives do not.
        names |= _properties(ctx, parent, visited, with_alternatives=False)
        member = parent
    return names


def _properties(ctx: RuleContext, schema: Node, visited: set[tuple[str, str]], *, with_alternatives: bool) -> set[str]:
    names: set[str] = set()
    pending = [(schema, with_alternatives)]
    while pending:
        node, alternatives = pending.pop()
        value = node.value
        if not isinstance(value, dict) or (node.document.uri, node.pointer) in visited:
            continue
        visited.add((node.document.uri, node.pointer))
        properties = value.get("properties")
        if isinstance(properties, dict):
            names.update(str(name) for name in properties)
        ref = value.get("$ref")
        target = ctx.resolve(node.document, ref) if isinstance(ref, str) else None
        if target is not None:
            pending.append((Node(target.document, target.pointer, target.value), True))
        for keyword in ("allOf", "anyOf", "oneOf") if alternatives else ("allOf",):
            members = value.get(keyword)
            if isinstance(members, list):
                pending += [(Node(node.document, join_pointer(node.pointer, keyword, index), member), True)
                            for index, member in enumerate(members)]
    return names


@rule(
    id="nullable-type-sibling",
    severity="error",
    summary="In OpenAPI 3.0, a schema with `nullable` must also have a `type`.",
    description="""
    OpenAPI 3.0 has no `null` type; `nullable: true` adds null to the values of the
    `type` given beside it, and the specification says it has no effect when the same
    schema gives no `type`. A schema such as `{nullable: true, allOf: [...]}` therefore
    does not allow null, whatever its author meant, and validators and code generators
    disagree about it. Add the `type` (for example `type: object` next to the `allOf`),
    or drop `nullable`. The finding is on the `nullable` field. A `$ref` object is not
    checked, since OpenAPI 3.0 ignores the fields beside a reference.
    """,
    formats={"oas3_0"},
    bad_example="""
    openapi: 3.0.3
    info:
      title: Pets
      version: 1.0.0
    paths: {}
    components:
      schemas:
        Owner:
          nullable: true
          allOf:
            - $ref: "#/components/schemas/Person"
        Person:
          type: object
    """,
    good_example="""
    openapi: 3.0.3
    info:
      title: Pets
      version: 1.0.0
    paths: {}
    components:
      schemas:
        Owner:
          type: object
          nullable: true
          allOf:
            - $ref: "#/components/schemas/Person"
        Person:
          type: object
    """,
    documentation_url="https://spec.openapis.org/oas/v3.0.3.html#schema-object",
    recommended=False,
    tags=("schemas",),
)
def nullable_type_sibling(ctx: RuleContext) -> Iterator[Violation]:
    for schema in iter_schemas(ctx):
        value = schema.value
        if "nullable" in value and "type" not in value and "$ref" not in value:
            yield ctx.violation(join_pointer(schema.pointer, "nullable"),
                                "'nullable' has no effect here: the schema gives no 'type' beside it.",
                                schema.document)


RULES = (no_required_schema_properties_undefined, nullable_type_sibling)
