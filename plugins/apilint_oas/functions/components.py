"""``oasUnusedComponent``: reusable components that no ``$ref`` of the project points to.

A component counts as used when some ``$ref`` reachable from the root document targets it,
whichever file of the project that ``$ref`` is written in: a component referred to only by a
schema in another file, which the root refers to, is used. A ``$ref`` to something inside a
component does not make the component itself used, and neither does a ``$ref`` written inside
the component (a recursive schema that nothing else refers to is unused). Security schemes are
left out: they are used by name, in security requirements, not by ``$ref``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint.pointer import decode_fragment, join_pointer
from apilint.reference_sites import iter_reference_sites
from apilint_functions.values import object_keys

__all__ = ["COMPONENT_KINDS", "FUNCTIONS", "OAS_UNUSED_COMPONENT"]

#: The kinds of components that are used through ``$ref``: those Spectral checks, then 3.1's path items
#: and 3.2's media types.
COMPONENT_KINDS = ("schemas", "responses", "parameters", "examples", "requestBodies", "headers", "links", "callbacks",
                   "pathItems", "mediaTypes")


class _Uses:
    """Which pointers of the root document are targets of ``$ref``s, and from where in it."""

    def __init__(self, root: Any, context: FunctionContext) -> None:
        uri = context.document.uri
        references = context.references()
        self.targets = frozenset(pointer for document, pointer in references if document == uri)
        # With no other file in the project, every target comes from a $ref of the root, read below.
        self.other_files = any(document != uri for document, _ in references)
        self.sites: dict[str, list[str]] = {}
        sites = context.document.reference_sites if root is context.document.data else iter_reference_sites(root)
        for site, ref in sites:
            if isinstance(ref, str) and ref.startswith("#"):
                self.sites.setdefault(decode_fragment(ref[1:]), []).append(site)

    def used(self, pointer: str) -> bool:
        if pointer not in self.targets:
            return False
        sites = self.sites.get(pointer)
        if sites is None or self.other_files:
            # Referred to by a $ref this scan did not read (in another file, or naming the root's file):
            # from outside the component, as far as can be told.
            return True
        inside = pointer + "/"
        return any(site != pointer and not site.startswith(inside) for site in sites)


def _unused_components(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    components = value.get("components") if isinstance(value, dict) else None
    if not isinstance(components, dict):
        return
    uses: _Uses | None = None
    for kind in COMPONENT_KINDS:
        members = components.get(kind)
        if not isinstance(members, dict):
            continue
        uses = uses or _Uses(value, context)
        container = join_pointer("/components", kind)
        for name in object_keys(members):
            if name == "$ref" and isinstance(members[name], str):
                continue  # the whole map is a reference, not a component named "$ref"
            if not uses.used(join_pointer(container, name)):
                yield FunctionResult("is not referenced anywhere", ("components", kind, name))


OAS_UNUSED_COMPONENT = RuleFunction(
    name="oasUnusedComponent",
    check=_unused_components,
    description="Every component under `components` (schemas, responses, parameters, examples, requestBodies, "
                "headers, links, callbacks, pathItems and mediaTypes) is the target of some `$ref` in the project.",
    options_schema=None,
)

FUNCTIONS = (OAS_UNUSED_COMPONENT,)
