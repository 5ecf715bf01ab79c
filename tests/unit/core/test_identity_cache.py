"""IdentityCache: built once per object and key, by identity, within its size."""

from __future__ import annotations

from apilint.identity_cache import IdentityCache


def test_what_is_built_is_kept_per_object_and_key() -> None:
    cache: IdentityCache[list[str]] = IdentityCache(8)
    schema: dict[str, str] = {"type": "string"}
    built = cache.get(schema, "draft7", lambda: ["built"])
    assert cache.get(schema, "draft7", lambda: ["again"]) is built
    assert cache.get(schema, "draft4", lambda: ["other key"]) == ["other key"]


def test_equal_objects_are_different_entries() -> None:
    cache: IdentityCache[str] = IdentityCache(8)
    assert cache.get({"a": 1}, None, lambda: "first") == "first"
    kept = {"a": 1}
    assert cache.get(kept, None, lambda: "second") == "second"
    assert cache.get(kept, None, lambda: "third") == "second"


def test_the_oldest_entry_makes_room() -> None:
    cache: IdentityCache[int] = IdentityCache(2)
    sources = [{"n": number} for number in range(3)]
    for number, source in enumerate(sources):
        cache.get(source, None, lambda number=number: number)  # type: ignore[misc]
    assert cache.get(sources[0], None, lambda: -1) == -1
    assert cache.get(sources[2], None, lambda: -1) == 2
