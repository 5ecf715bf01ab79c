"""How many processes a run can use to advantage: the CPUs it may run on, within its CPU quota.

A container's CPU set shows in the process's affinity; its CPU quota (``docker run --cpus 2``, a
Kubernetes CPU limit) shows only in its control groups, as a share of a period: a process limited
to two CPUs' time on a 64-CPU machine sees 64 CPUs, and 64 processes would take turns on two CPUs'
worth of time. The quota is read from cgroup v2's ``cpu.max`` or cgroup v1's ``cpu.cfs_quota_us``
and ``cpu.cfs_period_us``, in the process's own group and those above it (the smallest counts), and
rounded down to whole CPUs, at least one. Where nothing can be read, there is no quota.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = ["cpu_quota", "usable_cpus"]

#: Where each version's hierarchy is mounted, as systems and containers mount it.
_V2_MOUNTS = ("sys/fs/cgroup", "sys/fs/cgroup/unified")
_V1_MOUNTS = ("sys/fs/cgroup/cpu", "sys/fs/cgroup/cpu,cpuacct", "sys/fs/cgroup/cpuacct,cpu")


def usable_cpus(root: Path = Path("/")) -> int:
    """The CPUs this process may run on, no more than its CPU quota allows; at least one."""
    count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = cpu_quota(root)
    return max(1, count if quota is None else min(count, quota))


def cpu_quota(root: Path = Path("/")) -> int | None:
    """The whole CPUs the control groups of this process allow it (at least one), or None for no quota.

    ``root`` is where the file system is read from (``/``; another folder in the tests).
    """
    try:
        memberships = (root / "proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    quotas: list[float] = []
    for line in memberships:
        number, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if number == "0" and not controllers:
            quotas.extend(quota for mount in _V2_MOUNTS for group in _groups(root / mount, path)
                          if (quota := _v2_quota(group)) is not None)
        elif "cpu" in controllers.split(","):
            quotas.extend(quota for mount in _V1_MOUNTS for group in _groups(root / mount, path)
                          if (quota := _v1_quota(group)) is not None)
    return max(1, math.floor(min(quotas))) if quotas else None


def _groups(mount: Path, path: str) -> Iterator[Path]:
    """The folders of the group at ``path`` under ``mount`` and of the groups above it, up to ``mount``.

    Inside a container the process's path may name a group of the host, and the mount show the
    container's own group at its top: then only the top is read.
    """
    if not mount.is_dir():
        return
    group = mount.joinpath(*[part for part in path.split("/") if part and part not in (".", "..")])
    if not group.is_dir():
        group = mount
    while True:
        yield group
        if group == mount:
            return
        group = group.parent


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def _v2_quota(group: Path) -> float | None:
    # "max 100000" (no quota) or "200000 100000": microseconds of CPU time per period.
    text = _read(group / "cpu.max")
    fields = text.split() if text else []
    if len(fields) != 2 or fields[0] == "max":
        return None
    return _ratio(fields[0], fields[1])


def _v1_quota(group: Path) -> float | None:
    # A quota of -1 is none.
    quota, period = _read(group / "cpu.cfs_quota_us"), _read(group / "cpu.cfs_period_us")
    if quota is None or period is None:
        return None
    return _ratio(quota, period)


def _ratio(quota: str, period: str) -> float | None:
    try:
        allowed, length = int(quota), int(period)
    except ValueError:
        return None
    return allowed / length if allowed > 0 and length > 0 else None
