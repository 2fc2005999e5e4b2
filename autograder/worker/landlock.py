"""Landlock: an unprivileged process gives up every file it does not need, for good.

This is the filesystem layer that works where bubblewrap cannot start (Gradescope's containers, a
TA's laptop without user namespaces) and as defence in depth where it can: the child may read
the Python installation and the ``autograder`` package, write only its scratch folder, make no TCP
connections, and signal no process outside itself. Linux 5.13+ with Landlock enabled; elsewhere
the call reports that it could not apply and the other layers still hold.
"""

from __future__ import annotations

import ctypes
import os
import platform
import struct

_SYSCALLS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_ALL_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 5: (1 << 16) - 1}
IOCTL_DEV = 1 << 15
READ_ONLY = EXECUTE | READ_FILE | READ_DIR
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX, SCOPE_SIGNAL = 1 << 0, 1 << 1


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def abi_version() -> int:
    """The kernel's Landlock ABI, or 0 when Landlock is missing or disabled."""
    numbers = _SYSCALLS.get(platform.machine())
    if numbers is None:
        return 0
    version = _libc().syscall(numbers[0], None, ctypes.c_size_t(0), ctypes.c_uint32(_CREATE_RULESET_VERSION))
    return max(int(version), 0)


def _handled_fs(abi: int) -> int:
    return _ALL_BY_ABI[max(v for v in _ALL_BY_ABI if v <= abi)]


def restrict(read_only: list[str], read_write: list[str], devices: list[str]) -> str | None:
    """Apply the rules to this process (and its future children). Returns a description, or None if unsupported."""
    abi = abi_version()
    if abi < 1:
        return None
    create, add_rule, restrict_self = _SYSCALLS[platform.machine()]
    libc = _libc()
    handled = _handled_fs(abi)
    attr = struct.pack("QQQ", handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                       SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    buffer = ctypes.create_string_buffer(attr[:size])
    ruleset = libc.syscall(create, buffer, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return None
    try:
        grants = [(p, READ_ONLY) for p in read_only] + [(p, handled) for p in read_write]
        grants += [(p, READ_FILE | WRITE_FILE | READ_DIR | (IOCTL_DEV if abi >= 5 else 0)) for p in devices]
        for path, access in grants:
            _allow(libc, add_rule, ruleset, path, access & handled)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return None
        if libc.syscall(restrict_self, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            return None
    finally:
        os.close(ruleset)
    extras = ", no TCP" if abi >= 4 else ""
    extras += ", no signals outside the submission" if abi >= 6 else ""
    return f"landlock (ABI {abi}): read-only Python and system folders, writes only in scratch{extras}"


def _allow(libc: ctypes.CDLL, add_rule: int, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a folder this machine does not have needs no rule
    try:
        if not os.path.isdir(path):
            access &= EXECUTE | WRITE_FILE | READ_FILE | (1 << 14) | IOCTL_DEV  # file rules take file rights only
        rule = ctypes.create_string_buffer(struct.pack("=Qi", access, fd))
        libc.syscall(add_rule, ctypes.c_int(ruleset), ctypes.c_int(_RULE_PATH_BENEATH), rule, ctypes.c_uint32(0))
    finally:
        os.close(fd)
