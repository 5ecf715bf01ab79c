"""``oasPathParam``: the path parameters of a paths object against the variables of each path template.

Reproduces Spectral's ``oasPathParam``. For every path it reports, on the path's key, a template
that differs from an earlier one only in its variable names (``/a/{x}`` and ``/a/{y}``) and a
variable used twice; on the parameter, a path parameter that is not required, one declared
twice in the same list, and one that the template does not use; and on the operation, a
variable that neither the operation nor its path item declares. A path item's parameters are
checked through each of its operations, so a path item without operations is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from apilint.functions import FunctionContext, FunctionResult, PathTokens, RuleFunction
from apilint.jsonpath.jsvalues import to_string
from apilint_functions.values import object_keys
from apilint_oas.functions.operations import OPERATION_METHODS

__all__ = ["FUNCTIONS", "PATH_PARAM"]

# A template variable as Spectral recognises it; names with other characters (dots, say) are not
# variables, so a parameter named after one is reported as unused.
_VARIABLE = re.compile(r"\{;?\??[A-Za-z0-9_-]+\*?\}")
_DECORATION = re.compile(r"[{}?*;]")


def _is_object(value: Any) -> bool:
    # JavaScript's typeof "object": arrays count, null does not.
    return isinstance(value, dict | list)


class _PathCheck:
    """The findings for one paths object."""

    def __init__(self) -> None:
        self.results: list[FunctionResult] = []

    def report(self, message: str, path: PathTokens) -> None:
        self.results.append(FunctionResult(message, path, sentence=True))

    def declared(self, parameters: Any, where: PathTokens) -> dict[str, PathTokens]:
        """The path parameters of one parameter list by name, reporting bad ones along the way."""
        found: dict[str, PathTokens] = {}
        if not isinstance(parameters, list):
            return found
        for index, item in enumerate(parameters):
            parameter = item
            if not isinstance(parameter, dict) or parameter.get("in") != "path" or "name" not in parameter:
                continue
            name = to_string(parameter["name"])
            location = (*where, "parameters", index)
            if parameter.get("required") is not True:
                self.report(f'Path parameter "{name}" must be required: it needs "required: true".', location)
            if name in found:
                self.report(f'Path parameter "{name}" is declared more than once in the same list.', location)
            else:
                found[name] = location
        return found

    def check_path(self, path: str, item: Any, templates: dict[str, str]) -> None:
        pattern = _VARIABLE.sub("%", path)
        if pattern in templates:
            self.report(f'Paths "{templates[pattern]}" and "{path}" are equivalent: they differ only in the names '
                        "of their variables.", (path,))
        else:
            templates[pattern] = path
        variables: list[str] = []
        for match in _VARIABLE.finditer(path):
            variable = _DECORATION.sub("", match.group())
            if variable in variables:
                self.report(f'Path "{path}" uses the variable "{{{variable}}}" more than once.', (path,))
            else:
                variables.append(variable)
        if not isinstance(item, dict):
            return
        shared = self.declared(item.get("parameters"), (path,))
        for method in object_keys(item):
            operation = item[method]
            if method not in OPERATION_METHODS or not _is_object(operation):
                continue
            own = self.declared(operation.get("parameters") if isinstance(operation, dict)
                                else None, (path, method))
            # An operation's own declaration of a name takes the place of the path item's.
            declared = {**shared, **own}
            for name, location in declared.items():
                if name not in variables:
                    self.report(f'Path parameter "{name}" is not used in path "{path}".', location)
            for variable in variables:
                if variable not in declared:
                    self.report(f'Path "{path}" has the variable "{{{variable}}}", but this operation declares no '
                                "path parameter by that name.", (path, method))


def _path_params(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    if not isinstance(value, dict):
        return
    check = _PathCheck()
    templates: dict[str, str] = {}
    for path in object_keys(value):
        item = value[path]
        if _is_object(item):
            check.check_path(str(path), item, templates)
    yield from check.results


PATH_PARAM = RuleFunction(
    name="oasPathParam",
    check=_path_params,
    description="Every variable of a path template is declared as a required path parameter, exactly once, by "
                "each operation or its path item; every declared path parameter is used; no two templates differ "
                "only in their variable names.",
)

FUNCTIONS = (PATH_PARAM,)
