"""The warm worker parent: imports torch once, then forks one fresh child per submission.

It never runs student code itself. Each child is cut off (own session, rlimits, unprivileged uid
when we are root, a seccomp filter against network sockets, a private scratch folder) before the
notebook runs. The zygote is also the reaper: it is a child subreaper, so every process a student
starts stays its descendant, and it watches memory and disk and sweeps everything away when the
grader ends a session or a limit is hit.

Run as ``python -m autograder.worker.zygote CONTROL_FD`` by :mod:`autograder.worker.pool`.
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import time
from dataclasses import dataclass, field

STARTED = time.monotonic()  # Python is up: the heavy imports start (a phase mark, see autograder.timeline)

import numpy  # noqa: E402,F401 - imported once here so every child starts warm
import torch  # noqa: E402

IMPORTED = time.monotonic()

from autograder.worker import landlock  # noqa: E402
from autograder.worker import limits as limits_module  # noqa: E402
from autograder.worker import preload, protocol, runtime  # noqa: E402

PR_SET_CHILD_SUBREAPER = 36
PR_SET_DUMPABLE = 4
WATCH_INTERVAL = 0.2
SWEEP_WAIT = 0.01  # per sweep round, for killed processes to exit
MAX_SCRATCH_ENTRIES = 50_000  # files and folders in a student's scratch folder
SCRATCH_ROOT = os.environ.get("TMPDIR", "/tmp")
# Folders a student's code may read (Python, torch, the autograder package, the system); see sandbox.read_roots.
READ_ROOTS = [p for p in os.environ.get("AUTOGRADER_READ_ROOTS", "").split(os.pathsep) if p]


@dataclass
class Child:
    session: int
    pid: int
    scratch: str
    limits: limits_module.Limits
    uid: int | None
    status: int | None = None
    reason: str | None = None
    started: float = field(default_factory=time.monotonic)


def _prctl(option: int, value: int) -> None:
    ctypes.CDLL(None).prctl(option, value, 0, 0, 0)


def _warm_up(preloads: tuple[str, ...]) -> None:
    """Run a few ops so lazy initialisation (kernels, allocator, RNG) is paid once, not per child.

    What only some notebooks use (an optimizer, pyplot) is preloaded only when the assignment's
    notebook uses it (see :mod:`autograder.worker.preload`): each delays the worker's start.
    """
    torch.set_num_threads(1)
    x = torch.randn(8, 8, requires_grad=True)
    (torch.nn.functional.conv2d(x[None, None], torch.ones(1, 1, 3, 3)).relu().sum() + x.sigmoid().mean()).backward()
    if preload.GRADIENTS in preloads or preload.OPTIMIZER in preloads:  # imports symbolic_shapes, sympy (0.3-1 s)
        y = torch.randn(3, requires_grad=True)
        (y * 2).backward(torch.ones(3))
    if preload.OPTIMIZER in preloads:
        torch.optim.SGD([x], lr=0.1, momentum=0.9).step()  # the first optimizer imports torch._dynamo (1-2 s)
    torch.manual_seed(0)
    if preload.MATPLOTLIB in preloads:
        _import_plotting()


def _import_plotting() -> None:
    """Course notebooks plot: import pyplot (Agg) once here instead of in every child (0.5 s each).

    Its config and font cache go to a folder of the zygote's own, never the host's home.
    """
    folder = os.environ.setdefault("MPLCONFIGDIR", os.path.join(SCRATCH_ROOT, "zygote-matplotlib"))
    _seed_font_cache(folder)
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot  # noqa: F401
    except Exception:  # noqa: BLE001 - plotting is optional: a notebook that needs it imports it itself
        pass


def _seed_font_cache(folder: str) -> None:
    """Copy the grader's matplotlib font list (an open file it passed) into ``folder``: no font scan (0.1 s)."""
    descriptor, _, name = os.environ.pop(preload.FONT_CACHE_ENVIRONMENT, "").partition(" ")
    if not descriptor.isdigit():
        return
    try:
        with os.fdopen(int(descriptor), "rb") as handle:
            data = handle.read(preload.FONT_CACHE_LIMIT + 1)
        if preload.FONT_CACHE_NAME.fullmatch(name) and len(data) <= preload.FONT_CACHE_LIMIT:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, name), "wb") as cache:
                cache.write(data)
    except OSError:  # matplotlib scans the fonts itself, as it would without the file
        pass


# ------------------------------------------------------------------------------- process tree


def _process_table() -> dict[int, tuple[int, int, int]]:
    """pid -> (ppid, uid, resident bytes) for every process visible in /proc."""
    table = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read().rsplit(b")", 1)[1].split()
            uid = os.stat(f"/proc/{entry}").st_uid
        except OSError:
            continue
        table[int(entry)] = (int(stat[1]), uid, int(stat[21]) * page)
    return table


def _descendants(table: dict[int, tuple[int, int, int]], root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _sweep(uid: int | None) -> dict[int, int]:
    """Kill every student process: all our descendants, and (as root) everything of the worker uid.

    Returns the exit statuses reaped on the way, so the caller still learns how its child ended.
    """
    me = os.getpid()
    statuses: dict[int, int] = {}
    uid_killed = False
    for _ in range(50):
        victims = _descendants(_process_table(), me)
        # kill(-1) as the uid forks this (large) process: once per sweep, and again only while victims remain.
        # Nothing of the uid survives it, and nothing of the uid is started while we sweep.
        if uid is not None and (victims or not uid_killed):
            _kill_all_of_uid(uid)
            uid_killed = True
        if not victims:
            break
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        statuses.update(_reap_until_gone(victims, SWEEP_WAIT))
    statuses.update(_reap())
    return statuses


def _reap_until_gone(pids: list[int], timeout: float) -> dict[int, int]:
    """Reap until every one of ``pids`` is gone (SIGKILL takes a moment), at most ``timeout`` seconds."""
    statuses: dict[int, int] = {}
    deadline = time.monotonic() + timeout
    waiting = set(pids)
    while True:
        statuses.update(_reap())
        waiting = {pid for pid in waiting if pid not in statuses and os.path.exists(f"/proc/{pid}")}
        if not waiting or time.monotonic() >= deadline:
            return statuses
        time.sleep(0.0005)


def _kill_all_of_uid(uid: int) -> None:
    """kill(-1) from a process of that uid hits all its processes at once: fork bombs cannot outrun it."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _reap() -> dict[int, int]:
    statuses = {}
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return statuses
        if pid == 0:
            return statuses
        statuses[pid] = status


def _shared_fairly(pids: list[int], table: dict[int, tuple[int, int, int]]) -> int:
    """Memory of several processes with shared pages counted once (PSS), instead of once per process.

    Forked processes share most of their pages copy-on-write, and RSS counts those pages in every
    one of them: summed RSS would call a few forks "over the memory limit". Reading another uid's
    smaps_rollup needs CAP_SYS_PTRACE; where it is refused, that process's RSS is used.
    """
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                pss = [int(line.split()[1]) * 1024 for line in handle if line.startswith(b"Pss:")]
            total += pss[0] if pss else 0  # no Pss line: a zombie, or a process without memory
        except PermissionError:
            total += table[pid][2]
        except (OSError, ValueError, IndexError):
            pass  # it exited since the table was read: its memory is gone, not still its RSS
    return total


def _disk_usage(folder: str, cap_entries: int = MAX_SCRATCH_ENTRIES) -> int | None:
    """Bytes of the files under ``folder``; None when it holds more than ``cap_entries`` files and folders.

    Entries are capped, not only bytes: empty files and folders take no bytes on tmpfs but about
    1 KB of kernel memory each (a million in five seconds is easy), and every one slows this walk.
    """
    total, seen = 0, 0
    for dirpath, dirnames, filenames in os.walk(folder):
        seen += len(dirnames) + len(filenames)
        if seen > cap_entries:
            return None
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                pass
    return total


# ------------------------------------------------------------------------------------- zygote


class Zygote:
    def __init__(self, control: socket.socket, marks: list[tuple[str, float]] | None = None) -> None:
        self.control = control
        self.marks = marks or []
        self.children: dict[int, Child] = {}
        self.is_root = os.getuid() == 0
        uid = os.environ.get("AUTOGRADER_WORKER_UID")
        self.worker_uid = int(uid) if self.is_root and uid else None

    def serve(self) -> None:
        protocol.send(self.control.fileno(), {"ready": True, "pid": os.getpid(), "root": self.is_root,
                                               "cuda_initialized": torch.cuda.is_initialized(),
                                               "marks": [[name, at] for name, at in self.marks]})
        while True:
            ready, _, _ = select.select([self.control], [], [], WATCH_INTERVAL)
            self._watch()
            if not ready:
                continue
            try:
                request = protocol.receive(self.control.fileno(), timeout=5)
            except (protocol.ChannelClosed, protocol.ChannelTimeout):
                break
            op = request.get("op")
            if op == "spawn":
                self._spawn(request)
            elif op == "end":
                protocol.send(self.control.fileno(), self._end(int(request["session"]), bool(request.get("died"))))
            elif op == "exit":
                break
        for session in list(self.children):
            self._end(session)

    def _spawn(self, request: dict) -> None:
        _, fds, _, _ = socket.recv_fds(self.control, 1, 1)
        channel = fds[0]
        session = int(request["session"])
        limits = limits_module.Limits.from_mapping(request["limits"])
        scratch = os.path.join(SCRATCH_ROOT, f"submission-{session}")
        shutil.rmtree(scratch, ignore_errors=True)
        os.makedirs(scratch, mode=0o700)
        if self.worker_uid is not None:
            os.chown(scratch, self.worker_uid, self.worker_uid)
        pid = os.fork()
        if pid == 0:
            self._become_student(channel, scratch, limits, request)
        os.close(channel)
        self.children[session] = Child(session, pid, scratch, limits, self.worker_uid)
        protocol.send(self.control.fileno(), {"spawned": session, "pid": pid})

    def _become_student(self, channel: int, scratch: str, limits: limits_module.Limits, request: dict) -> None:
        """In the forked child: shed everything of the zygote, apply every layer, then run the notebook."""
        try:
            self.control.close()
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.closerange(3, channel)
            os.closerange(channel + 1, 65536)
            os.chdir(scratch)
            for variable in ("HOME", "TMPDIR", "MPLCONFIGDIR", "TORCHINDUCTOR_CACHE_DIR"):
                os.environ[variable] = scratch  # libraries that cache files write here, nowhere else
            tempfile.tempdir = scratch
            use_as = not bool(request.get("gpu"))  # a CUDA context needs ~18 GB of address space
            protections = limits_module.apply_rlimits(limits, cpu_seconds=limits.submission_seconds, use_address_space=use_as)
            if self.worker_uid is not None and limits_module.drop_privileges(self.worker_uid, self.worker_uid):
                protections.append("unprivileged uid")
            gpu = bool(request.get("gpu"))
            devices = ["/dev"] if gpu else ["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]
            fenced = landlock.restrict(read_only=READ_ROOTS, read_write=[scratch], devices=devices)
            if fenced:
                protections.append(fenced)
            if limits_module.block_network_sockets():
                protections.append("seccomp: no network sockets")
            protocol.send(channel, {"protections": protections})
            runtime.child_main(channel, request["cells"], int(request.get("seed", 0)))
        finally:
            os._exit(71)

    def _watch(self) -> None:
        """Enforce memory and disk limits that rlimits cannot express (totals over all student processes)."""
        for pid, status in _reap().items():
            for child in self.children.values():
                if child.pid == pid:
                    child.status = status
        if not self.children:
            return
        table = _process_table()
        # One session at a time: every descendant is the student's (setsid orphans re-parent to us).
        students = _descendants(table, os.getpid())
        resident = sum(table[p][2] for p in students)
        limit = min(child.limits.memory_mb for child in self.children.values()) * 1024 * 1024
        if resident > limit and len(students) > 1:
            resident = _shared_fairly(students, table)
        for child in self.children.values():
            if child.reason:
                continue
            if len(students) > child.limits.processes:  # RLIMIT_NPROC does not bind a student left running as root
                child.reason = f"process limit: your code started more than {child.limits.processes} processes"
            elif resident > child.limits.memory_mb * 1024 * 1024:
                child.reason = f"memory limit: your code used more than {child.limits.memory_mb} MB of memory"
            elif (usage := _disk_usage(child.scratch)) is None:
                child.reason = f"disk limit: your code created more than {MAX_SCRATCH_ENTRIES} files and folders"
            elif usage > child.limits.disk_mb * 1024 * 1024:
                child.reason = f"disk limit: your code wrote more than {child.limits.disk_mb} MB of files"
            if child.reason:
                _sweep(child.uid)

    @staticmethod
    def _exited(child: Child) -> bool:
        try:
            with open(f"/proc/{child.pid}/stat", "rb") as handle:
                return handle.read().rsplit(b")", 1)[1].split()[0] == b"Z"
        except OSError:
            return True

    def _end(self, session: int, died: bool = False) -> dict:
        child = self.children.pop(session, None)
        if child is None:
            return {"ended": session, "status": None, "reason": None}
        if died:  # its channel closed: give the exit a moment to finish so we can report its status
            for _ in range(50):
                if child.status is not None or self._exited(child):
                    break
                time.sleep(0.01)
        already_dead = child.status is not None or self._exited(child)
        statuses = _sweep(child.uid)
        if child.status is None and already_dead:
            child.status = statuses.get(child.pid)
        if not already_dead:
            child.status = None  # it was alive until we ended it: its SIGKILL is ours, not the student's
        shutil.rmtree(child.scratch, ignore_errors=True)
        return {"ended": session, "status": child.status, "reason": child.reason}


def main(argv: list[str]) -> None:
    control = socket.socket(fileno=int(argv[1]))
    _prctl(PR_SET_CHILD_SUBREAPER, 1)
    _prctl(PR_SET_DUMPABLE, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm_up(preload.decode(os.environ.get(preload.ENVIRONMENT)))
    unused = os.environ.pop(preload.FONT_CACHE_ENVIRONMENT, "").partition(" ")[0]
    if unused.isdigit():  # passed but matplotlib was not preloaded: close it before any child is forked
        try:
            os.close(int(unused))
        except OSError:
            pass
    marks = [("zygote python up", STARTED), ("zygote imported torch", IMPORTED), ("zygote warm", time.monotonic())]
    Zygote(control, marks).serve()
    # Every child is swept (serve ends them all): skip the interpreter's teardown of torch, which the
    # grader would otherwise wait for (0.1-0.3 s) before it can exit.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
