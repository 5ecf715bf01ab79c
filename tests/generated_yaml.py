"""YAML documents generated for tests that hold two ways of reading a text to the same result."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

__all__ = ["DOCUMENTS", "TEXTS", "VALUES", "dumped"]

#: Keys and strings, among them some that look like YAML of another kind.
TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30),
    st.sampled_from(["a: b", "line one\nline two", "  indented\n", "x:\n  y: z", "'quoted'", "- item", "#not",
                     "trailing \n\n", "ünï ☃", "{a: 1}", "[1, 2]", "*alias", "&anchor", "? key", "---", "...",
                     "1e3", "0x1F", "null", "~", "yes"]),
)
#: Any value YAML can write.
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), TEXTS),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(TEXTS, children, max_size=5)),
    max_leaves=25,
)
#: A mapping of mappings, as descriptions are at their first two levels.
DOCUMENTS = st.dictionaries(TEXTS, st.dictionaries(TEXTS, VALUES, max_size=6), min_size=1, max_size=5)


def dumped(data: Any, flow: bool | None, width: int) -> str:
    """``data`` written as YAML by ruamel's emitter: in flow style, block style or both (None), with
    lines of about ``width`` characters (narrow lines fold long scalars over several, quoted ones too)."""
    dumper = YAML(typ="safe", pure=True)
    dumper.default_flow_style = flow
    dumper.width = width
    written = io.StringIO()
    dumper.dump(data, written)
    return written.getvalue()
