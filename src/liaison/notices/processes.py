"""Which process holds a claim, and whether it still runs.

A worker stamps what it claims (notices, task rows) with its identity,
``<pid>.<start>@<host>.<machine>``: its process id, the moment the process started (clock
ticks since boot, from ``/proc/<pid>/stat``), the host name and a digest of the kernel's boot
id and PID namespace.

Rule (:func:`is_dead`): a holder is **dead** when it ran on this machine (same host, boot and
PID namespace) and no process with its id and start time runs any more (the pid is gone, is a
zombie, or was reused by a process started later). Its claims are then taken again at once,
without waiting for the lease. A holder on another machine, or an identity that is not one of
ours, is never judged dead here: the lease decides for it.
"""

from __future__ import annotations

import hashlib
import os
import socket
from functools import cache
from pathlib import Path

_PROC = Path("/proc")


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _stat(pid: int) -> tuple[str, str] | None:
    """(state, start time) of ``pid`` from ``/proc``, or None when there is no such process."""
    text = _read(_PROC / str(pid) / "stat")
    if not text:
        return None
    fields = text.rsplit(")", 1)[-1].split()  # after "pid (comm)": state is field 3
    return fields[0], fields[19]  # field 22 of stat(5): starttime


@cache
def machine() -> str:
    """This host, boot and PID namespace, as it appears in an identity."""
    try:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        namespace = ""
    boot = _read(_PROC / "sys/kernel/random/boot_id").strip()
    digest = hashlib.sha256(f"{boot}/{namespace}".encode()).hexdigest()[:8]
    return f"{socket.gethostname()[:30]}.{digest}"


def identity(pid: int | None = None) -> str:
    """The identity of process ``pid`` (this process by default); at most 64 characters."""
    pid = os.getpid() if pid is None else pid
    found = _stat(pid)
    return f"{pid}.{found[1] if found else ''}@{machine()}"


def is_dead(holder: str) -> bool:
    """Whether ``holder`` is a process of this machine that no longer runs."""
    who, _, where = holder.partition("@")
    pid, _, start = who.partition(".")
    if where != machine() or not pid.isdigit() or not start:
        return False
    found = _stat(int(pid))
    return found is None or found[0] in ("Z", "X") or found[1] != start
