"""Grader-side control of the zygote: start it warm, spawn one child per submission, end it cleanly.

The grader talks to the zygote over a private socket pair and hands each child its own channel
by passing a file descriptor, so student processes never see the grader's other pipes and never
write to its stdout.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from autograder import timeline
from autograder.worker import preload, sandbox

if TYPE_CHECKING:
    from types import ModuleType

    from autograder.assignment import Assignment

START_TIMEOUT = 180.0
_session_ids = itertools.count(1)


def worker_uid(slot: int) -> int:
    """An unprivileged uid of this grader process and job slot alone.

    The zygote sweeps a finished submission with kill(-1) as this uid, so two graders on one machine
    (a batch and a test run, say) must never share one.
    """
    return 100000 + (os.getpid() % 100000) * 16 + slot % 16


def _protocol() -> "ModuleType":
    """The message framing, imported on first use: it imports torch (to encode tensors), and the zygote
    is launched before that, so that its own torch import overlaps the grader's start-up."""
    from autograder.worker import protocol

    return protocol


def _open_font_cache() -> tuple[int, str] | None:
    """matplotlib's font list of this user, opened for the zygote (see preload.font_cache), or None."""
    path = preload.font_cache()
    if path is None:
        return None
    try:
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC), path.name
    except OSError:
        return None


class WorkerStartError(RuntimeError):
    """The zygote did not come up: a grader problem, never the student's."""


@dataclass(frozen=True)
class Spawned:
    session: int
    channel: socket.socket
    protections: tuple[str, ...]


def worker_for(assignment: "Assignment", *, extra_protected: Iterable[Path] = (), slot: int = 0) -> "Worker":
    """A worker launched now for grading ``assignment``: what it must not see hidden, its disk limit, and the
    preloads grading it calls for. Launch it before importing anything heavy: its start then overlaps ours."""
    protected = list(dict.fromkeys([*assignment.protected_paths(), *(Path(p) for p in extra_protected)]))
    return Worker(protected=protected, slot=slot,
                  disk_mb=assignment.limits.disk_mb, preloads=preload.for_assignment(assignment))


class Worker:
    """One warm zygote (inside bubblewrap where possible) that forks the children of one grader process."""

    def __init__(self, *, protected: list[Path] | None = None, slot: int = 0, disk_mb: int = 256,
                 use_bwrap: bool | None = None, preloads: tuple[str, ...] = ()) -> None:
        self.protected = [Path(p).resolve() for p in (protected or [])]
        self.slot = slot
        self.disk_mb = disk_mb
        self.preloads = tuple(preloads)
        self.use_bwrap = sandbox.bubblewrap_works() if use_bwrap is None else use_bwrap
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.ready = False
        self.started_at = 0.0
        self.start()
        atexit.register(self.close)

    @property
    def layers(self) -> tuple[str, ...]:
        if self.use_bwrap:
            return ("bubblewrap: private filesystem view, pid and network namespaces",)
        return ("no bubblewrap: plain process",)

    def start(self) -> None:
        """Launch the zygote without waiting for it: torch imports while the grader does other work."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        args = ["-m", "autograder.worker.zygote", str(theirs.fileno())]
        env = sandbox.worker_environment()
        env["AUTOGRADER_READ_ROOTS"] = os.pathsep.join(sandbox.read_roots(self.protected))
        env[preload.ENVIRONMENT] = preload.encode(self.preloads)
        if self.use_bwrap or sandbox.python_readable_by_others():
            env["AUTOGRADER_WORKER_UID"] = str(worker_uid(self.slot))
        if self.use_bwrap:
            command = sandbox.bwrap_command(args, protected=self.protected, disk_mb=self.disk_mb)
        else:
            self._scratch = tempfile.mkdtemp(prefix="autograder-scratch-")
            os.chmod(self._scratch, 0o711)
            env["TMPDIR"] = self._scratch
            command = [sys.executable, *args]
        passed = [theirs.fileno()]
        fonts = _open_font_cache() if preload.MATPLOTLIB in self.preloads else None
        if fonts is not None:
            passed.append(fonts[0])
            env[preload.FONT_CACHE_ENVIRONMENT] = f"{fonts[0]} {fonts[1]}"
        self._log = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(command, pass_fds=passed, env=env, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=self._log, start_new_session=True,
                                            cwd="/" if self.use_bwrap else getattr(self, "_scratch", "/"))
        finally:
            if fonts is not None:
                os.close(fonts[0])
        theirs.close()
        self.control = ours
        self.ready = False
        self.started_at = time.monotonic()
        timeline.mark("zygote launched")

    def ensure_ready(self) -> float:
        """Start the zygote if it is not running and wait until it is warm; returns the seconds waited.

        That wait is the worker's start-up, which the caller must not charge to a submission.
        """
        if self.ready and self.alive():
            return 0.0
        started = time.monotonic()
        if not self.alive():
            self.restart()
        self.wait_ready()
        return time.monotonic() - started

    def wait_ready(self) -> None:
        if self.ready:
            return
        protocol = _protocol()
        try:
            hello = protocol.receive(self.control.fileno(), timeout=START_TIMEOUT)
        except (protocol.ChannelClosed, protocol.ChannelTimeout) as error:
            detail = self._stderr_tail()
            self.close()
            raise WorkerStartError(f"the worker did not start ({type(error).__name__}): {detail}") from error
        if not (isinstance(hello, dict) and hello.get("ready")):
            raise WorkerStartError("the worker sent an unexpected greeting")
        self.ready = True
        for mark in hello.get("marks") or []:
            if isinstance(mark, list) and len(mark) == 2 and isinstance(mark[1], float):
                timeline.mark(str(mark[0]), mark[1])
        timeline.mark("zygote ready")

    def _stderr_tail(self) -> str:
        try:
            self._log.seek(0)
            return self._log.read()[-2000:].decode(errors="replace")
        except (AttributeError, OSError):
            return ""

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def spawn(self, cells: list[list], limits: dict, *, seed: int, gpu: bool) -> Spawned:
        """Fork a fresh child that runs ``cells``; the caller reads its greeting from the channel."""
        if not self.alive():
            self.start()
        self.wait_ready()
        protocol = _protocol()
        timeline.mark("child forking")
        session = next(_session_ids)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        protocol.send(self.control.fileno(), {"op": "spawn", "session": session, "limits": limits,
                                               "cells": cells, "seed": seed, "gpu": gpu})
        socket.send_fds(self.control, [b"x"], [theirs.fileno()])
        theirs.close()
        reply = protocol.receive(self.control.fileno(), timeout=30)
        if not (isinstance(reply, dict) and reply.get("spawned") == session):
            raise WorkerStartError("the worker did not confirm the new child")
        greeting = protocol.receive(ours.fileno(), timeout=30)
        protections = tuple(str(p) for p in greeting.get("protections", [])) if isinstance(greeting, dict) else ()
        timeline.mark("child sandboxed")
        return Spawned(session, ours, self.layers + protections)

    def end(self, spawned: Spawned, *, died: bool = False) -> dict:
        """Kill everything the child left behind and learn how it ended (exit status, limit hit)."""
        spawned.channel.close()
        protocol = _protocol()
        try:
            protocol.send(self.control.fileno(), {"op": "end", "session": spawned.session, "died": died})
            reply = protocol.receive(self.control.fileno(), timeout=60)
        except (OSError, protocol.ChannelClosed, protocol.ChannelTimeout):
            self.restart()
            return {"status": None, "reason": None}
        return reply if isinstance(reply, dict) else {"status": None, "reason": None}

    def restart(self) -> None:
        self.close()
        self.start()

    def close(self) -> None:
        """Ask the zygote to sweep its children and leave; kill its whole group if it does not."""
        if self.control is not None:
            try:
                if self.ready:
                    _protocol().send(self.control.fileno(), {"op": "exit"})
                self.control.close()
            except OSError:
                pass
            self.control = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5 if self.ready else 0.01)
            except subprocess.TimeoutExpired:
                pass
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                pass
            self.process.wait()
        self.process = None
        scratch = getattr(self, "_scratch", None)
        if scratch:  # without bubblewrap the scratch root is a real folder: leave nothing behind in /tmp
            shutil.rmtree(scratch, ignore_errors=True)
            self._scratch = None
