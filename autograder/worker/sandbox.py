"""How the warm worker parent (the zygote) is launched: inside bubblewrap where it starts, else bare.

Inside bubblewrap the worker sees the Python installation and the ``autograder`` package only,
read-only, with a size-limited private /tmp, its own PID namespace and no network: the hidden
tests, the reference solutions, other submissions and the results folder do not exist there.
Where bubblewrap cannot start (many containers, Gradescope among them) the zygote runs as a plain
process and relies on the per-child layers in :mod:`autograder.worker.limits`.
"""

from __future__ import annotations

import functools
import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import autograder

PACKAGE_DIR = Path(autograder.__file__).resolve().parent
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt")
# CAP_SYS_PTRACE lets the zygote read its students' /proc/PID/smaps_rollup (memory with shared pages counted once).
BWRAP_CAPS = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_SYS_PTRACE")


@functools.lru_cache(maxsize=1)
def bubblewrap_works() -> bool:
    """True when bwrap exists and can actually create the namespaces we ask for."""
    if os.environ.get("AUTOGRADER_NO_BWRAP") == "1":
        return False
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return False
    probe = [bwrap, *_namespace_flags(), "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"]
    try:
        return subprocess.run(probe, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _namespace_flags() -> list[str]:
    flags = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
             "--die-with-parent", "--new-session"]
    if os.getuid() != 0:
        flags.append("--unshare-user")
    return flags


def _python_roots(protected: list[Path]) -> list[Path]:
    """Folders Python needs to import torch and autograder, minus anything holding protected paths."""
    candidates = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent.parent}
    candidates.update(Path(p) for p in sys.path if p and Path(p).is_dir())
    roots = []
    for candidate in candidates:
        candidate = candidate.resolve()
        if any(_contains(candidate, p) for p in protected):
            continue  # e.g. the repository root: only the package itself is bound, below
        roots.append(candidate)
    return sorted(set(roots))


def _contains(folder: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(folder)
        return True
    except ValueError:
        return False


def bwrap_command(python_args: list[str], *, protected: list[Path], disk_mb: int) -> list[str]:
    """The bwrap invocation that starts the zygote in a fresh, read-only view of the system."""
    command = [shutil.which("bwrap") or "bwrap", *_namespace_flags()]
    for folder in SYSTEM_DIRS:
        if os.path.islink(folder):
            command += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            command += ["--ro-bind", folder, folder]
    roots = _python_roots(protected) + [PACKAGE_DIR]
    for folder in sorted({a for root in roots for a in root.parents if str(a) != "/"}):
        command += ["--perms", "0755", "--dir", str(folder)]  # bwrap would make them 0700: unreadable after setuid
    for root in roots:
        command += ["--ro-bind", str(root), str(root)]
    for path in protected:  # a protected folder inside a bound one is hidden under an empty tmpfs
        if path.is_dir() and any(_contains(Path(f).resolve(), path) for f in SYSTEM_DIRS if os.path.isdir(f)):
            command += ["--tmpfs", str(path.resolve())]
    command += ["--proc", "/proc", "--dev", "/dev"]
    gpu_devices = sorted(glob.glob("/dev/nvidia*")) + sorted(glob.glob("/dev/dri/*"))
    for device in gpu_devices:
        command += ["--dev-bind", device, device]
    if gpu_devices and os.path.isdir("/sys"):
        command += ["--ro-bind", "/sys", "/sys"]  # the CUDA driver reads PCI topology from sysfs
    command += ["--size", str(disk_mb * 1024 * 1024), "--tmpfs", "/tmp", "--chdir", "/tmp"]
    if os.getuid() == 0:
        command += ["--cap-drop", "ALL"]
        for cap in BWRAP_CAPS:
            command += ["--cap-add", cap]
    return command + [sys.executable, *python_args]


def read_roots(protected: list[Path]) -> list[str]:
    """What a student's process may read under Landlock: Python, the package, system folders, /proc, /sys."""
    roots = [str(p) for p in _python_roots(protected)] + [str(PACKAGE_DIR)]
    roots += [f for f in (*SYSTEM_DIRS, "/proc", "/sys") if f != "/opt" and os.path.isdir(f)]
    return sorted(set(roots))


def world_readable(path: Path) -> bool:
    """Whether an unprivileged uid could reach ``path`` (every folder on the way traversable by others)."""
    path = Path(path).resolve()
    for folder in [path, *path.parents]:
        try:
            if not folder.stat().st_mode & 0o001:
                return False
        except OSError:
            return False
    return True


def python_readable_by_others() -> bool:
    """A worker can drop to an unprivileged uid only if it can still import Python, torch and autograder."""
    return all(world_readable(Path(p)) for p in (sys.base_prefix, sys.prefix, PACKAGE_DIR) if p)


def worker_environment() -> dict[str, str]:
    """A small, predictable environment: no grader secrets, one thread per worker, deterministic hashing."""
    keep = ("PATH", "LANG", "LC_ALL", "CUDA_VISIBLE_DEVICES", "NVIDIA_VISIBLE_DEVICES", "LD_LIBRARY_PATH",
            "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update({
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONPATH": str(PACKAGE_DIR.parent),
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "AUTOGRADER_WORKER": "1",
        "MPLBACKEND": "Agg",
    })
    return env
