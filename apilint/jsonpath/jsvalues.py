"""JavaScript value semantics for filter expressions evaluated over parsed JSON/YAML.

Spectral evaluates ``[?(...)]`` filters as JavaScript, so a Python port has to reproduce
JavaScript's rules, not Python's: ``0``, ``""`` and ``NaN`` are falsy but ``[]`` is not,
``"1" == 1`` holds while ``true === 1`` does not, a missing member is ``undefined`` (which
is not JSON ``null``), and strings compare and measure by UTF-16 code units.

Python values map onto JavaScript types as ``json`` produces them: ``dict`` is an object,
``list`` an array, ``bool`` a boolean (checked before ``int``, its base class), ``int`` and
``float`` numbers, ``None`` null and :data:`UNDEFINED` undefined.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from apilint.js_regex import JsRegex

__all__ = [
    "UNDEFINED",
    "EvaluationFailure",
    "JsRegExp",
    "NativeFunction",
    "constructor_name",
    "get_member",
    "is_less_than",
    "is_plain_member",
    "loosely_equal",
    "same_value_zero",
    "strictly_equal",
    "to_number",
    "to_property_key",
    "to_string",
    "truthy",
    "type_of",
    "utf16_length",
]

TypeName = Literal["undefined", "object", "boolean", "number", "string", "function"]


class _Undefined:
    """JavaScript's ``undefined``: what a missing member evaluates to."""

    __slots__ = ()
    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


class NativeFunction:
    """A built-in method read as a value (``@.includes`` on an array): truthy, of type ``"function"``.

    Rulesets use such reads as type guards (``@.match && @.match(/x/)``); calling one is
    only possible through the filter syntax for the supported methods.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"function {self.name}() {{ [native code] }}"


_OBJECT_METHODS: Final = frozenset({
    "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf",
})
_ARRAY_METHODS: Final = _OBJECT_METHODS | frozenset({
    "at", "concat", "copyWithin", "entries", "every", "fill", "filter", "find", "findIndex", "findLast",
    "findLastIndex", "flat", "flatMap", "forEach", "includes", "indexOf", "join", "keys", "lastIndexOf", "map",
    "pop", "push", "reduce", "reduceRight", "reverse", "shift", "slice", "some", "sort", "splice", "toReversed",
    "toSorted", "toSpliced", "unshift", "values", "with",
})
_STRING_METHODS: Final = _OBJECT_METHODS | frozenset({
    "at", "charAt", "charCodeAt", "codePointAt", "concat", "endsWith", "includes", "indexOf", "isWellFormed",
    "lastIndexOf", "localeCompare", "match", "matchAll", "normalize", "padEnd", "padStart", "repeat", "replace",
    "replaceAll", "search", "slice", "split", "startsWith", "substring", "toLocaleLowerCase", "toLocaleUpperCase",
    "toLowerCase", "toUpperCase", "toWellFormed", "trim", "trimEnd", "trimStart",
})
_NUMBER_METHODS: Final = _OBJECT_METHODS | frozenset({"toExponential", "toFixed", "toPrecision"})


_ANY_METHOD: Final = _ARRAY_METHODS | _STRING_METHODS | _NUMBER_METHODS


def is_plain_member(name: str) -> bool:
    """True when ``name`` reads as undefined from every value but an object (no length, index or method)."""
    return name != "length" and _array_index(name) is None and name not in _ANY_METHOD


def _inherited(target: Any, name: str) -> Any:
    if isinstance(target, dict):
        methods: frozenset[str] = _OBJECT_METHODS
    elif isinstance(target, list):
        methods = _ARRAY_METHODS
    elif isinstance(target, str):
        methods = _STRING_METHODS
    elif target is True or target is False:
        methods = _OBJECT_METHODS
    elif isinstance(target, int | float):
        methods = _NUMBER_METHODS
    else:
        methods = frozenset()
    return NativeFunction(name) if name in methods else UNDEFINED


class EvaluationFailure(Exception):
    """Where JavaScript would throw (a member of ``undefined``, ``(5).startsWith(...)``).

    A filter whose expression fails for a node does not select that node.
    """


class JsRegExp:
    """A regular-expression literal's value: its JavaScript source and flags, and the Python translation."""

    __slots__ = ("flags", "pattern", "source")

    def __init__(self, source: str, flags: str, pattern: JsRegex) -> None:
        self.source = source
        self.flags = flags
        self.pattern = pattern

    def __repr__(self) -> str:
        return f"/{self.source}/{self.flags}"


def type_of(value: Any) -> TypeName:
    """The ``typeof`` operator (arrays and null are ``"object"``)."""
    if value is UNDEFINED:
        return "undefined"
    if value is True or value is False:
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, NativeFunction):
        return "function"
    return "object"


def truthy(value: Any) -> bool:
    """ToBoolean: false for undefined, null, false, 0, NaN and ""; true otherwise, including [] and {}."""
    if value is None or value is UNDEFINED or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, str):
        return value != ""
    if isinstance(value, int | float):
        return value == value and value != 0
    return True


def _as_float(value: int | float) -> float:
    # JSON numbers are doubles in JavaScript; a huge Python int rounds (or overflows) like one.
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


# StrWhiteSpaceChar: the characters String-to-Number conversion trims.
_JS_SPACE: Final = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL: Final = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_RADIX: Final = re.compile(r"0(?:[xX](?P<hex>[0-9a-fA-F]+)|[oO](?P<oct>[0-7]+)|[bB](?P<bin>[01]+))")


def _string_to_number(text: str) -> float:
    text = text.strip(_JS_SPACE)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        if text.endswith("Infinity"):
            return -math.inf if text.startswith("-") else math.inf
        return float(text)
    radix = _RADIX.fullmatch(text)
    if radix:
        if radix["hex"]:
            return _as_float(int(radix["hex"], 16))
        if radix["oct"]:
            return _as_float(int(radix["oct"], 8))
        return _as_float(int(radix["bin"], 2))
    return math.nan


def to_number(value: Any) -> float:
    """ToNumber, for the values a JSON document and a filter literal can hold."""
    if value is UNDEFINED:
        return math.nan
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, int | float):
        return _as_float(value)
    if isinstance(value, str):
        return _string_to_number(value)
    return _string_to_number(to_string(value))


def _number_to_string(number: float) -> str:
    # Number::toString: shortest round-trip digits (which repr gives), laid out by JavaScript's rules.
    if number != number:
        return "NaN"
    if number == 0:
        return "0"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number < 0:
        return "-" + _number_to_string(-number)
    sign_digits_exponent = Decimal(repr(number)).normalize().as_tuple()
    digits = "".join(map(str, sign_digits_exponent.digits))
    exponent = sign_digits_exponent.exponent
    assert isinstance(exponent, int)
    k = len(digits)
    n = k + exponent
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return f"{digits[:n]}.{digits[n:]}"
    if -6 < n <= 0:
        return "0." + "0" * -n + digits
    e = n - 1
    mantissa = digits if k == 1 else f"{digits[0]}.{digits[1:]}"
    return f"{mantissa}e{'+' if e >= 0 else '-'}{abs(e)}"


def to_string(value: Any) -> str:
    """ToString; arrays join their items with commas and objects are ``[object Object]``."""
    if isinstance(value, str):
        return value
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int | float):
        return _number_to_string(_as_float(value))
    if isinstance(value, list):
        return ",".join("" if item is None or item is UNDEFINED else to_string(item) for item in value)
    if isinstance(value, JsRegExp | NativeFunction):
        return repr(value)
    return "[object Object]"


def to_property_key(value: Any) -> str:
    """The member name a computed access ``@[value]`` looks up."""
    return to_string(value)


def _to_primitive(value: Any) -> Any:
    if isinstance(value, dict | list | JsRegExp | NativeFunction):
        return to_string(value)
    return value


def _has_astral(text: str) -> bool:
    return any(ord(char) > 0xFFFF for char in text)


def utf16_length(text: str) -> int:
    """``string.length``: UTF-16 code units, so a character outside the BMP counts twice."""
    if not _has_astral(text):
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _utf16_units(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def strictly_equal(left: Any, right: Any) -> bool:
    """``===``: same type and value; numbers by value (NaN unequal to itself), objects by identity."""
    left_type, right_type = type_of(left), type_of(right)
    if left_type != right_type:
        return False
    if left_type == "number":
        return _as_float(left) == _as_float(right)
    if left_type in ("object", "undefined"):
        return left is right
    return bool(left == right)


def loosely_equal(left: Any, right: Any) -> bool:
    """``==``: JavaScript's IsLooselyEqual for the types JSON and filter literals produce."""
    left_type, right_type = type_of(left), type_of(right)
    left_null = left is None or left is UNDEFINED
    right_null = right is None or right is UNDEFINED
    if left_null or right_null:
        return left_null and right_null
    if left_type == right_type:
        return strictly_equal(left, right)
    if left_type == "boolean":
        return loosely_equal(1 if left else 0, right)
    if right_type == "boolean":
        return loosely_equal(left, 1 if right else 0)
    if left_type == "number" and right_type == "string":
        return _as_float(left) == _string_to_number(right)
    if left_type == "string" and right_type == "number":
        return _string_to_number(left) == _as_float(right)
    if left_type in ("object", "function") and right_type in ("number", "string"):
        return loosely_equal(_to_primitive(left), right)
    if right_type in ("object", "function") and left_type in ("number", "string"):
        return loosely_equal(left, _to_primitive(right))
    return False


def is_less_than(left: Any, right: Any) -> bool | None:
    """IsLessThan: None where JavaScript's answer is ``undefined`` (a NaN was involved).

    ``a > b`` is ``is_less_than(b, a) is True``; ``a <= b`` is ``is_less_than(b, a) is False``.
    """
    left, right = _to_primitive(left), _to_primitive(right)
    if isinstance(left, str) and isinstance(right, str):
        if _has_astral(left) or _has_astral(right):
            return _utf16_units(left) < _utf16_units(right)
        return left < right
    left_number, right_number = to_number(left), to_number(right)
    if left_number != left_number or right_number != right_number:
        return None
    return left_number < right_number


def same_value_zero(left: Any, right: Any) -> bool:
    """What ``Array.prototype.includes`` compares with: ``===`` except that NaN equals NaN."""
    if type_of(left) == "number" and type_of(right) == "number":
        left_number, right_number = _as_float(left), _as_float(right)
        return left_number == right_number or (left_number != left_number and right_number != right_number)
    return strictly_equal(left, right)


def _array_index(name: str) -> int | None:
    # Only canonical numerals name array elements: "1" does, "01" and "-1" do not.
    if name.isdigit() and name.isascii() and (name == "0" or not name.startswith("0")):
        return int(name)
    return None


def constructor_name(value: Any) -> str:
    """``value.constructor.name`` for JSON data: "Object", "Array", "String", "Number" or "Boolean"."""
    if value is None or value is UNDEFINED:
        raise EvaluationFailure(f"cannot read 'constructor' of {to_string(value)}")
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, list):
        return "Array"
    if isinstance(value, str):
        return "String"
    if isinstance(value, bool):
        return "Boolean"
    return "Number"


def get_member(target: Any, name: str) -> Any:
    """``target[name]`` for own data: members of objects, ``length`` and elements of arrays and strings."""
    if isinstance(target, dict):
        found = target.get(name, UNDEFINED)
        return _inherited(target, name) if found is UNDEFINED else found
    if target is None or target is UNDEFINED:
        raise EvaluationFailure(f"cannot read {name!r} of {to_string(target)}")
    if isinstance(target, list):
        if name == "length":
            return len(target)
        index = _array_index(name)
        if index is None:
            return _inherited(target, name)
        return target[index] if index < len(target) else UNDEFINED
    if isinstance(target, str):
        if name == "length":
            return utf16_length(target)
        index = _array_index(name)
        if index is None:
            return _inherited(target, name)
        if not _has_astral(target):
            return target[index] if index < len(target) else UNDEFINED
        units = _utf16_units(target)
        if 2 * index >= len(units):
            return UNDEFINED
        return units[2 * index : 2 * index + 2].decode("utf-16-be", "surrogatepass")
    return _inherited(target, name)
