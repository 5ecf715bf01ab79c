"""JSON pointers: joining keys as RFC 6901 escapes them."""

from __future__ import annotations

import pytest

from apilint.pointer import join_key, join_pointer, pointer_tokens


@pytest.mark.parametrize("key", ["a", "", "a/b", "~", "~1", "/~/", "ünï", "0", "$ref", "a b"])
def test_join_key_is_join_pointer_for_one_key(key: str) -> None:
    assert join_key("/paths", key) == join_pointer("/paths", key)
    assert join_key("", key) == join_pointer("", key)
    assert pointer_tokens(join_key("/x", key)) == ["x", key]
