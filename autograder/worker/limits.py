"""Resource limits and privilege drop applied in the forked child just before student code runs.

Each layer is independent, so a machine where one is unavailable still gets the others; the
child reports which layers took effect and the grader records them in results.json.
"""

from __future__ import annotations

import ctypes
import os
import platform
import resource
import struct
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    """What a submission may use. Defaults fit Gradescope's 768 MB / half-CPU machines."""

    notebook_seconds: float = 60.0
    call_seconds: float = 10.0
    submission_seconds: float = 300.0
    memory_mb: int = 1024
    address_space_mb: int = 8192
    file_size_mb: int = 64
    disk_mb: int = 256
    processes: int = 64
    open_files: int = 256

    @classmethod
    def from_mapping(cls, values: dict | None) -> "Limits":
        values = dict(values or {})
        unknown = set(values) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown limits: {', '.join(sorted(unknown))}")
        return cls(**values)

    def as_dict(self) -> dict:
        return asdict(self)


def apply_rlimits(limits: Limits, *, cpu_seconds: float, use_address_space: bool) -> list[str]:
    """Lower the child's rlimits; returns the names of those in force."""
    mb = 1024 * 1024
    wanted = {
        "cpu": (resource.RLIMIT_CPU, int(cpu_seconds) + 1),
        "file size": (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
        "open files": (resource.RLIMIT_NOFILE, limits.open_files),
        "core files": (resource.RLIMIT_CORE, 0),
        "processes": (resource.RLIMIT_NPROC, limits.processes + _processes_of_this_user()),
    }
    if use_address_space:
        wanted["address space"] = (resource.RLIMIT_AS, limits.address_space_mb * mb)
    active = []
    for name, (which, value) in wanted.items():
        try:
            soft, hard = resource.getrlimit(which)
            value = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (value, value))
            active.append(name)
        except (ValueError, OSError):
            pass
    return active


def _processes_of_this_user() -> int:
    """RLIMIT_NPROC counts every process of the uid; leave room for those that already exist."""
    uid = os.getuid()
    if uid == 0:
        return 0
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                continue
    return count


def drop_privileges(uid: int, gid: int) -> bool:
    """Become an unprivileged uid when running as root (Gradescope runs as root)."""
    if os.getuid() != 0:
        return False
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    return True


# ------------------------------------------------------------------------------------ seccomp

_ARCHES = {  # machine -> (AUDIT_ARCH_*, __NR_socket)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_EACCES = 13
_AF_UNIX = 1


def _bpf(code: int, jt: int, jf: int, k: int) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k)


def block_network_sockets() -> bool:
    """Install a seccomp filter that fails socket() for every family but AF_UNIX (EACCES).

    Hand-written BPF through prctl, so no dependency is needed: load arch, refuse foreign ABIs,
    load the syscall number, and for socket() allow only AF_UNIX.
    """
    arch = _ARCHES.get(platform.machine())
    if arch is None:
        return False
    audit_arch, nr_socket = arch
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    program = b"".join([
        _bpf(ld_w_abs, 0, 0, 4),                     # 0: A = arch
        _bpf(jeq_k, 1, 0, audit_arch),               # 1: native ABI? -> 3
        _bpf(ret_k, 0, 0, _RET_ERRNO | _EACCES),     # 2: foreign ABI: refuse
        _bpf(ld_w_abs, 0, 0, 0),                     # 3: A = syscall number
        _bpf(jge_k, 4, 0, 0x40000000),               # 4: x32 syscalls -> 9 (refuse)
        _bpf(jeq_k, 0, 2, nr_socket),                # 5: socket? -> 6, else -> 8
        _bpf(ld_w_abs, 0, 0, 16),                    # 6: A = domain (args[0])
        _bpf(jeq_k, 0, 1, _AF_UNIX),                 # 7: AF_UNIX -> 8, else -> 9
        _bpf(ret_k, 0, 0, _RET_ALLOW),               # 8: allow
        _bpf(ret_k, 0, 0, _RET_ERRNO | _EACCES),     # 9: refuse
    ])
    count = len(program) // 8
    buffer = ctypes.create_string_buffer(program)

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(count, ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
