"""``oasServerVariables``: a Server Object's URL template and its ``variables`` agree.

Every ``{name}`` in the URL must be declared in ``variables`` and every declared variable used;
a default must be one of the variable's ``enum`` values. With ``requireDefault`` each used
variable needs a default, and with ``checkSubstitutions`` the URL is filled in with every
combination of allowed values (the ``enum``, else the default), each of which must be a URL.
A server whose shape is not that of a Server Object is reported as such and not checked further.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator, Mapping
from itertools import islice, product
from typing import Any
from urllib.parse import quote, unquote

from apilint.functions import FunctionContext, FunctionResult, RuleFunction
from apilint_functions.values import object_keys

__all__ = ["FUNCTIONS", "OAS_SERVER_VARIABLES", "is_valid_url", "url_variables"]

_VARIABLE = re.compile(r"\{(.+?)\}")
#: How many failing substitutions are listed before the rest are summed up.
_SHOWN_FAILURES = 5
#: How many ways of filling in a url are tried at most: enums multiply, and a few can make millions.
_MAX_SUBSTITUTIONS = 10_000
#: The fields a Server Variable Object may have besides extensions (``examples`` is tolerated as Spectral does).
_VARIABLE_FIELDS = frozenset({"enum", "default", "description", "examples"})


def url_variables(url: str) -> list[str]:
    """The names between braces in a URL template, in order, repeats included."""
    return _VARIABLE.findall(url)


# -- the shape of a Server Object

def _variable_problem(name: str, variable: Any) -> str | None:
    if not isinstance(variable, dict):
        return f'variable "{name}" must be a mapping'
    for field in variable:
        if field not in _VARIABLE_FIELDS and not str(field).startswith("x-"):
            return f'variable "{name}" has a field a Server Variable Object does not have: "{field}"'
    enum = variable.get("enum")
    if "enum" in variable and not (isinstance(enum, list) and all(isinstance(item, str) for item in enum)):
        return f'the enum of variable "{name}" must be a list of strings'
    for field in ("default", "description", "examples"):
        if field in variable and not isinstance(variable[field], str):
            return f'the {field} of variable "{name}" must be a string'
    return None


def _shape_problem(server: Any) -> str | None:
    """What keeps ``server`` from being a Server Object whose variables can be checked, as a sentence."""
    if not isinstance(server, dict):
        return "A server must be a Server Object: a mapping with a url."
    if not isinstance(server.get("url"), str):
        return "A Server Object must have a url, and it must be a string."
    variables = server.get("variables", {})
    if not isinstance(variables, dict):
        return "The variables of a Server Object must be a mapping."
    for name in object_keys(variables):
        problem = _variable_problem(str(name), variables[name])
        if problem is not None:
            return f"This Server Object cannot be checked: {problem}."
    return None


# -- whether a filled-in URL is a URL, as a WHATWG URL parser without a base judges it

_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SPECIAL = frozenset({"http", "https", "ws", "wss", "ftp"})
# Characters no host may hold; a special scheme's host (a domain, once percent-decoded) also refuses
# "%", controls and DEL.
_FORBIDDEN_HOST = frozenset("\x00\t\n\r #/:<>?@[\\]^|")
_FORBIDDEN_DOMAIN = _FORBIDDEN_HOST | frozenset("%\x7f") | frozenset(chr(code) for code in range(0x20))
_IPV4_PART = re.compile(r"(0[xX][0-9A-Fa-f]*|[0-9]+)")
#: The base relative URLs are resolved against: the specification lets a server URL be relative.
_BASE_SCHEME = "https"


def _port_ok(port: str) -> bool:
    return port == "" or (port.isascii() and port.isdigit() and int(port) <= 65535)


def _ipv4_number(label: str) -> int | None:
    if not _IPV4_PART.fullmatch(label):
        return None
    if label[:2].lower() == "0x":
        return int(label[2:] or "0", 16)
    try:
        return int(label, 8) if len(label) > 1 and label.startswith("0") else int(label)
    except ValueError:  # "08": a leading zero makes it octal
        return None


def _ipv4_ok(labels: list[str]) -> bool:
    numbers = [_ipv4_number(label) for label in labels]
    if len(numbers) > 4 or None in numbers:
        return False
    checked = [number for number in numbers if number is not None]
    if any(number > 255 for number in checked[:-1]):
        return False
    return checked[-1] < 1 << (8 * (5 - len(checked)))


def _host_ok(host: str, special: bool) -> bool:
    if host.startswith("["):
        if not host.endswith("]"):
            return False
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return False
        return True
    if not special:
        return not any(char in _FORBIDDEN_HOST for char in host)
    if host == "":
        return False
    domain = unquote(host, errors="strict").lower() if "%" in host else host.lower()
    if any(char in _FORBIDDEN_DOMAIN for char in domain):
        return False
    labels = domain.split(".")
    if labels[-1] == "" and len(labels) > 1:
        labels.pop()
    # A domain whose last label looks numeric is an IPv4 address, and must be a valid one.
    if labels and _IPV4_PART.fullmatch(labels[-1]):
        return _ipv4_ok(labels)
    return True


def _authority_ok(rest: str, special: bool) -> bool:
    """Whether the authority at the start of ``rest`` (after the slashes) parses."""
    end = len(rest)
    for stop in ("/", "?", "#") + (("\\",) if special else ()):
        found = rest.find(stop)
        if found != -1:
            end = min(end, found)
    authority = rest[:end]
    if "@" in authority:
        authority = authority[authority.rfind("@") + 1:]
    if authority.startswith("["):
        close = authority.find("]")
        host, after = (authority[:close + 1], authority[close + 1:]) if close != -1 else (authority, "")
        if after and not after.startswith(":"):
            return False
        port = after[1:]
    else:
        host, _, port = authority.partition(":")
    if not _port_ok(port):
        return False
    try:
        return _host_ok(host, special)
    except UnicodeDecodeError:
        return False


def is_valid_url(url: str) -> bool:
    """Whether ``url`` parses as a URL; a relative one is taken relative to an https base."""
    url = url.strip("".join(chr(code) for code in range(0x21))).replace("\t", "").replace("\n", "").replace("\r", "")
    scheme_match = _SCHEME.match(url)
    if scheme_match is None:
        if url.startswith(("//", "\\\\", "/\\", "\\/")):
            return _authority_ok(url[2:], special=_BASE_SCHEME in _SPECIAL)
        return True
    scheme = scheme_match.group(1).lower()
    rest = url[scheme_match.end():]
    if scheme == "file":
        return True
    if scheme in _SPECIAL:
        return _authority_ok(rest.lstrip("/\\"), special=True)
    if rest.startswith("//"):
        return _authority_ok(rest[2:], special=False)
    return True


def _encode_uri(value: str) -> str:
    # What JavaScript's encodeURI leaves alone: letters, digits and ;,/?:@&=+$-_.!~*'()#
    return quote(value, safe=";,/?:@&=+$-_.!~*'()#", errors="surrogatepass")


def _substitutions(url: str, choices: list[tuple[str, list[str]]]) -> Iterator[str]:
    names = [f"{{{name}}}" for name, _ in choices]
    for values in product(*(values for _, values in choices)):
        filled = url
        for name, value in zip(names, values, strict=True):
            filled = filled.replace(name, _encode_uri(value))
        yield filled


# -- the check

def _server_variables(value: Any, options: Mapping[str, Any], context: FunctionContext) -> Iterator[FunctionResult]:
    problem = _shape_problem(value)
    if problem is not None:
        yield FunctionResult(problem, sentence=True)
        return
    url: str = value["url"]
    variables: dict[str, Any] | None = value.get("variables")
    used = url_variables(url)
    # Keys as written (YAML may give numbers), each with its name as the url spells it.
    keys = {str(key): key for key in object_keys(variables or {})}
    declared = list(keys)
    for name in declared:
        if name not in used:
            yield FunctionResult(f'is declared but the url "{url}" does not use it', ("variables", name))
    if not used:
        return
    missing = list(dict.fromkeys(name for name in used if name not in declared))
    if missing:
        listed = ", ".join(f'"{name}"' for name in missing)
        yield FunctionResult(f'The url "{url}" uses variables that are not declared in "variables": {listed}.',
                             ("variables",), sentence=True)
    if variables is None:
        return
    choices: list[tuple[str, list[str]]] = []
    for name in declared:
        if name not in used:
            continue
        variable = variables[keys[name]]
        default = variable.get("default")
        if "enum" in variable:
            choices.append((name, variable["enum"]))
            if default is not None and default not in variable["enum"]:
                yield FunctionResult(f'"{default}" is not one of the values the enum of variable "{name}" allows',
                                     ("variables", name, "default"))
        else:
            choices.append((name, [default] if default is not None else []))
        if default is None and options.get("requireDefault") is True:
            yield FunctionResult("needs a default value", ("variables", name))
    if options.get("checkSubstitutions") is True and choices:
        invalid: list[str] = []
        for filled in islice(_substitutions(url, choices), _MAX_SUBSTITUTIONS):
            if not is_valid_url(filled):
                invalid.append(filled)
                if len(invalid) == _SHOWN_FAILURES:
                    break
        if invalid:
            shown = ", ".join(f'"{filled}"' for filled in invalid)
            more = " (and perhaps more)" if len(invalid) == _SHOWN_FAILURES else ""
            yield FunctionResult(f"Filling in the server variables gives URLs that are not valid: {shown}{more}.",
                                 ("variables",), sentence=True)


OAS_SERVER_VARIABLES = RuleFunction(
    name="oasServerVariables",
    check=_server_variables,
    description="A Server Object declares every variable its url uses and uses every variable it declares; "
                "defaults are among the enum values. Optionally every variable has a default (`requireDefault`) "
                "and every way of filling in the variables gives a valid URL (`checkSubstitutions`).",
    options_schema={
        "type": ["object", "null"],
        "properties": {
            "checkSubstitutions": {"type": "boolean", "description": "Fill in the url with every combination of "
                                                                     "allowed values and check each is a URL."},
            "requireDefault": {"type": "boolean", "description": "Every variable the url uses needs a default."},
        },
        "additionalProperties": False,
    },
)

FUNCTIONS = (OAS_SERVER_VARIABLES,)
