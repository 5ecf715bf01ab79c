"""``no-identical-paths`` and ``no-ambiguous-paths``: path templates that compete for the same URLs.

A server routes a request by matching its URL against the path templates. Two templates
that differ only in the names of their variables describe the same routes twice, and two
templates that can both match one URL, with neither more specific than the other, leave
the choice to the router.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from apilint.findings import Violation
from apilint.linting_context import RuleContext
from apilint.pointer import join_pointer
from apilint.rules import rule

__all__ = ["RULES", "no_ambiguous_paths", "no_identical_paths"]

# A variable is anything in braces; a segment that is nothing but a variable matches any segment.
_VARIABLE = re.compile(r"\{.+?\}")
_VARIABLE_SEGMENT = re.compile(r"^\{.+?\}$")


def _path_templates(ctx: RuleContext) -> list[str]:
    data = ctx.data
    paths = data.get("paths") if isinstance(data, dict) else None
    if not isinstance(paths, dict):
        return []
    return [path for path in paths if isinstance(path, str) and not path.startswith("x-")]


def _shape(path: str) -> str:
    """The template with every variable name erased: equal shapes are the same route."""
    return _VARIABLE.sub("{}", path)


def _ambiguous(first: str, second: str) -> bool:
    """True if some URL matches both templates and neither has fewer variable segments.

    A concrete segment is preferred to a variable one when routing, so ``/users/me``
    and ``/users/{id}`` are not ambiguous; ``/users/{id}`` and ``/{kind}/me`` are.
    """
    first_segments, second_segments = first.split("/"), second.split("/")
    if len(first_segments) != len(second_segments):
        return False
    first_variables = second_variables = 0
    for one, other in zip(first_segments, second_segments, strict=True):
        one_is_variable, other_is_variable = bool(_VARIABLE_SEGMENT.match(one)), bool(_VARIABLE_SEGMENT.match(other))
        first_variables += one_is_variable
        second_variables += other_is_variable
        if not (one_is_variable or other_is_variable) and one != other:
            return False
    return first_variables == second_variables


@rule(
    id="no-identical-paths",
    severity="error",
    summary="Two paths must not differ only in the names of their path variables.",
    description="""
    `/users/{id}` and `/users/{userId}` are the same route: every URL that matches one
    matches the other, so a server cannot tell which of the two path items a request is
    for. The OpenAPI specification forbids such templated paths with the same hierarchy.
    Usually one of them is a leftover from a rename, or two teams described the same
    endpoint; merge their operations into one path item. Each later path is reported,
    naming the earlier one it duplicates.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Users
      version: 1.0.0
    paths:
      /users/{id}:
        get:
          responses:
            "200":
              description: The user
      /users/{userId}:
        delete:
          responses:
            "204":
              description: Deleted
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Users
      version: 1.0.0
    paths:
      /users/{id}:
        get:
          responses:
            "200":
              description: The user
        delete:
          responses:
            "204":
              description: Deleted
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#paths-object",
    recommended=False,
    tags=("paths",),
)
def no_identical_paths(ctx: RuleContext) -> Iterator[Violation]:
    first_of_shape: dict[str, str] = {}
    for path in _path_templates(ctx):
        earlier = first_of_shape.setdefault(_shape(path), path)
        if earlier != path:
            yield ctx.violation(join_pointer("/paths", path),
                                f"Path '{path}' is the same route as '{earlier}': only the variable names differ.")


@rule(
    id="no-ambiguous-paths",
    severity="warn",
    summary="Paths should not be able to match the same URL without one being more specific.",
    description="""
    When a URL matches two path templates, the one with concrete segments where the other
    has variables wins: `/users/me` is chosen before `/users/{id}`. But `/users/{id}` and
    `/{kind}/me` both match `/users/me`, each with one variable, and nothing says which
    of them a request is for; routers and code generators each decide differently.
    This rule reports a path when some earlier path has as many variable segments, the
    same number of segments, and equal text wherever both are concrete. Paths that
    differ only in variable names are left to `no-identical-paths`. A segment that mixes
    text and a variable (`{name}.json`) is compared as text.
    """,
    bad_example="""
    openapi: 3.1.0
    info:
      title: Users
      version: 1.0.0
    paths:
      /users/{id}:
        get:
          responses:
            "200":
              description: The user
      /{kind}/me:
        get:
          responses:
            "200":
              description: The current account
    """,
    good_example="""
    openapi: 3.1.0
    info:
      title: Users
      version: 1.0.0
    paths:
      /users/{id}:
        get:
          responses:
            "200":
              description: The user
      /users/me:
        get:
          responses:
            "200":
              description: The current user
    """,
    formats={"oas2", "oas3"},
    documentation_url="https://spec.openapis.org/oas/latest.html#paths-object",
    recommended=False,
    precision="high",
    tags=("paths",),
)
def no_ambiguous_paths(ctx: RuleContext) -> Iterator[Violation]:
    seen: list[str] = []
    for path in _path_templates(ctx):
        shape = _shape(path)
        rival = next((other for other in seen if _shape(other) != shape and _ambiguous(other, path)), None)
        if rival is not None:
            yield ctx.violation(join_pointer("/paths", path),
                                f"Path '{path}' and '{rival}' can match the same URL and neither is more specific.")
        seen.append(path)


RULES = (no_identical_paths, no_ambiguous_paths)
