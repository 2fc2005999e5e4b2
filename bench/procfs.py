"""Just enough of /proc to find the zygote under bubblewrap and read peak memory (VmHWM)."""

from __future__ import annotations

from pathlib import Path


def children(pid: int) -> list[int]:
    """Direct children of ``pid``'s main thread (the zygote forks from it)."""
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def find_descendant(pid: int, needle: str, depth: int = 4) -> int | None:
    """``pid`` or the first descendant running Python with ``needle`` in its arguments.

    bwrap puts one or two processes of its own between, with the same arguments in their command line.
    """
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    if needle.encode() in arguments and b"python" in Path(arguments[0].decode(errors="replace")).name.encode():
        return pid
    if depth == 0:
        return None
    for child in children(pid):
        found = find_descendant(child, needle, depth - 1)
        if found:
            return found
    return None


def status_kb(pid: int | str, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_kb(pid: int | str) -> int | None:
    """Peak resident memory (VmHWM) of a live process, in KiB."""
    return status_kb(pid, "VmHWM")


def pss_kb(pid: int | str) -> int | None:
    """Proportional set size in KiB: shared pages split between their sharers, so a sum counts them once."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def meminfo_kb(field: str) -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None
