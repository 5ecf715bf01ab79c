"""``--jobs auto`` counts the CPUs a process may run on, within the CPU quota of its control groups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from apilint.usable_cpus import cpu_quota, usable_cpus


def _system(root: Path, memberships: str, files: dict[str, str]) -> Path:
    """A file system under ``root`` with ``/proc/self/cgroup`` and the control group files named."""
    (root / "proc/self").mkdir(parents=True)
    (root / "proc/self/cgroup").write_text(memberships)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize(("memberships", "files", "expected"), [
    # cgroup v2: the group's own limit, and a smaller one above it.
    ("0::/app\n", {"sys/fs/cgroup/app/cpu.max": "200000 100000\n"}, 2),
    ("0::/app/worker\n", {"sys/fs/cgroup/app/worker/cpu.max": "max 100000\n",
                          "sys/fs/cgroup/app/cpu.max": "300000 100000\n", "sys/fs/cgroup/cpu.max": "max 100000"}, 3),
    ("0::/a/b\n", {"sys/fs/cgroup/a/b/cpu.max": "800000 100000", "sys/fs/cgroup/a/cpu.max": "150000 100000"}, 1),
    # Rounded down, and never below one CPU.
    ("0::/\n", {"sys/fs/cgroup/cpu.max": "250000 100000\n"}, 2),
    ("0::/\n", {"sys/fs/cgroup/cpu.max": "50000 100000\n"}, 1),
    # Inside a container, the path names a group of the host; the container's group is at the top.
    ("0::/kubepods/pod1/abc\n", {"sys/fs/cgroup/cpu.max": "400000 100000\n"}, 4),
    # A hybrid system's v2 hierarchy, and cgroup v1.
    ("0::/app\n", {"sys/fs/cgroup/unified/app/cpu.max": "100000 100000\n"}, 1),
    ("4:cpu,cpuacct:/docker/abc\n", {"sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "200000\n",
                                      "sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n"}, 2),
    ("1:cpu:/\n", {"sys/fs/cgroup/cpu/cpu.cfs_quota_us": "300000", "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000"}, 3),
])
def test_the_quota_is_read_from_the_control_groups(tmp_path: Path, memberships: str, files: dict[str, str],
                                                   expected: int) -> None:
    assert cpu_quota(_system(tmp_path, memberships, files)) == expected


@pytest.mark.parametrize(("memberships", "files"), [
    ("0::/\n", {"sys/fs/cgroup/cpu.max": "max 100000\n"}),
    ("1:cpu:/\n", {"sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1", "sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000"}),
    # What cannot be read, or makes no sense, sets no quota.
    ("0::/\n", {"sys/fs/cgroup/cpu.max": "lots\n"}),
    ("0::/\n", {"sys/fs/cgroup/cpu.max": "100000 0\n"}),
    ("0::/\n", {}),
    ("4:memory:/x\n", {"sys/fs/cgroup/memory/cpu.max": "100000 100000"}),
    ("not a cgroup file", {}),
])
def test_no_quota_where_none_is_set_or_none_can_be_read(tmp_path: Path, memberships: str,
                                                         files: dict[str, str]) -> None:
    assert cpu_quota(_system(tmp_path, memberships, files)) is None


def test_without_proc_there_is_no_quota(tmp_path: Path) -> None:
    assert cpu_quota(tmp_path) is None


def test_usable_cpus_are_the_affinity_within_the_quota(tmp_path: Path) -> None:
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    assert usable_cpus(tmp_path) == affinity
    limited = _system(tmp_path / "limited", "0::/\n", {"sys/fs/cgroup/cpu.max": "100000 100000\n"})
    assert usable_cpus(limited) == 1
    generous = _system(tmp_path / "generous", "0::/\n", {"sys/fs/cgroup/cpu.max": f"{(affinity + 8) * 100000} 100000"})
    assert usable_cpus(generous) == affinity
