"""Sharing groups of documents out to worker processes."""

from __future__ import annotations

from pathlib import Path

from apilint.lint_tasks import RootTask, _batches


def groups_of(*sizes: int) -> list[list[RootTask]]:
    tasks = iter(RootTask(index, Path(f"/{index}.yaml"), False, Path("/")) for index in range(sum(sizes)))
    return [[next(tasks) for _ in range(size)] for size in sizes]


def test_batches_keep_every_group_whole_and_in_order_with_about_the_same_number_of_documents() -> None:
    groups = groups_of(*([1] * 100))
    batches = _batches(groups, 8)
    assert [group for batch in batches for group in batch] == groups
    assert len(batches) == 8
    assert {len(batch) for batch in batches} <= {12, 13}


def test_a_big_group_is_never_split() -> None:
    groups = groups_of(50, 1, 1, 1)
    batches = _batches(groups, 4)
    assert batches[0] == [groups[0]]
    assert [group for batch in batches for group in batch] == groups


def test_fewer_groups_than_batches() -> None:
    groups = groups_of(3, 2)
    assert _batches(groups, 16) == [[groups[0]], [groups[1]]]
