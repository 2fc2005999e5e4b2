"""One pytest session per grader process: configure and collect the suite once, run it per submission.

``pytest.main`` for every submission spent 0.1-0.3 s configuring pytest, registering plugins and
collecting the test modules before the first test ran, the same work for every submission. A
:class:`SuiteRunner` starts pytest once, in a thread of the grader process, with a
``pytest_runtestloop`` that waits for submissions. For each one it runs every collected item
through the standard ``pytest_runtest_protocol`` hook, the last one with ``nextitem=None`` so every
fixture (session-scoped ones included) is torn down, as at the end of a fresh pytest run. The
caller and the thread hand control to each other, so only one of them runs at any time.

Isolation is unchanged: each submission still has its own Session, whose child is forked from
the warm zygote. What persists is grader-side only: imported test modules (pytest already reused
those between runs in one process), the collected items and the reference module.

Also for speed, and identical for every submission: no terminal reporter (nobody reads it), no
logging capture (no test uses ``caplog``), no per-test output capture (the tests' prints are
discarded wholesale while a submission runs), and one torch thread for the tests' own tensor
work: its ops are small, and several OpenMP threads per process on a busy machine (``-j`` jobs,
their workers) make each op wait for descheduled threads, up to 10x slower.
"""

from __future__ import annotations

import atexit
import io
import os
import queue
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
import torch

from autograder import timeline
from autograder.assignment import Assignment
from autograder.grading.plugin import GradingPlugin, TestOutcome, isolated_pytest_args
WAIT_SLICE = 1.0  # how often a waiting caller checks that the pytest thread is still alive


class SuiteError(RuntimeError):
    """The suite could not run against a submission: a grader problem, never the student's."""


def pytest_args(assignment: Assignment) -> list[str]:
    """The public and hidden suites with our ini file and nothing from the repository's pytest setup."""
    return isolated_pytest_args(assignment.test_paths(), assignment.root) + [
        "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:faulthandler",
        "-p", "no:terminal", "-p", "no:logging", "--capture=no",
    ]


class _Discard(io.TextIOBase):
    """stdout/stderr while tests run: the grader's tests have no audience."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        return len(text)


@dataclass
class _Job:
    proxy_factory: Callable[[bool], Any]
    done: threading.Event = field(default_factory=threading.Event)
    outcomes: list[TestOutcome] = field(default_factory=list)
    error: BaseException | None = None


class SuiteRunner:
    """A pytest session, alive in its own thread, that grades one submission per :meth:`run`."""

    def __init__(self, assignment: Assignment, *, cuda_available: bool) -> None:
        self.key = runner_key(assignment, cuda_available)
        self.pid = os.getpid()
        self.plugin = GradingPlugin(proxy_factory=self._proxy, reference_loader=assignment.load_reference,
                                    devices=assignment.devices, cuda_available=cuda_available)
        self.exit_code: int | None = None
        self.crash: str | None = None
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._collected = threading.Event()  # set once the suite is collected, or pytest has stopped
        self._current: _Job | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._main, args=(pytest_args(assignment),), daemon=True,
                                        name=f"pytest-{assignment.name}")
        self._thread.start()

    # --------------------------------------------------------------------------- caller side

    def alive(self) -> bool:
        return self._thread.is_alive()

    def wait_collected(self) -> float:
        """Wait until pytest is configured and the suite collected (the grader's start-up); returns the seconds waited."""
        if self._collected.is_set():
            return 0.0
        started = time.monotonic()
        while not self._collected.wait(WAIT_SLICE) and self._thread.is_alive():
            pass
        return time.monotonic() - started

    def run(self, proxy_factory: Callable[[bool], Any]) -> list[TestOutcome]:
        """Every test against one submission (``proxy_factory`` makes its ``submission`` fixture)."""
        with self._lock:
            job = _Job(proxy_factory)
            self._jobs.put(job)
            while not job.done.wait(WAIT_SLICE):
                if not self._thread.is_alive():
                    raise SuiteError(f"pytest stopped before running the tests (exit {self.exit_code}): {self.crash}")
        if job.error is not None:
            if isinstance(job.error, SuiteError):
                raise job.error
            raise SuiteError(f"pytest failed while running the tests: {job.error!r}") from job.error
        return job.outcomes

    def close(self, timeout: float = 10.0) -> None:
        """End the pytest session (fixtures, sessionfinish, unconfigure) and its thread."""
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout)

    # --------------------------------------------------------------------------- pytest side

    def _proxy(self, reveal: bool) -> Any:
        return self._current.proxy_factory(reveal)

    def _main(self, args: list[str]) -> None:
        timeline.mark("pytest configuring")
        try:  # no terminal reporter: pytest itself writes only usage and internal errors (to stderr)
            self.exit_code = int(pytest.main(args, plugins=[self.plugin, self]))
        except BaseException as error:  # noqa: BLE001 - reported to every waiting caller instead
            self.crash = repr(error)
        finally:
            self._collected.set()
            self._fail_waiting(SuiteError(f"pytest stopped (exit {self.exit_code}): {self.crash or 'no more runs'}"))

    def _fail_waiting(self, error: SuiteError) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is not None:
                job.error = error
                job.done.set()

    def pytest_configure(self, config: pytest.Config) -> None:
        # What --tb=no did with the terminal reporter loaded: failure reports without source excerpts.
        # Nobody prints them, and building them parses the test files' ASTs for every failed test.
        config.option.tbstyle = "no"

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        timeline.mark("pytest collected")
        self._collected.set()

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        while True:
            job = self._jobs.get()
            if job is None:
                return True
            try:
                self._run_items(session, job)
            except BaseException as error:  # noqa: BLE001 - the caller decides; pytest.exit and ^C still end the session
                job.error = error
                if not isinstance(error, Exception):
                    raise
            finally:
                self._current = None
                job.done.set()

    def _run_items(self, session: pytest.Session, job: _Job) -> None:
        if self.plugin.collection_errors:
            raise SuiteError(f"the test suite could not be collected: {self.plugin.collection_errors}")
        items = session.items
        self.plugin.outcomes = []
        self._current = job
        torch.set_num_threads(1)
        timeline.mark("tests started")
        with redirect_stdout(_Discard()), redirect_stderr(_Discard()):
            for index, item in enumerate(items):
                next_item = items[index + 1] if index + 1 < len(items) else None
                item.ihook.pytest_runtest_protocol(item=item, nextitem=next_item)
                if session.shouldfail or session.shouldstop:
                    raise SuiteError(f"pytest stopped the run: {session.shouldfail or session.shouldstop}")
        job.outcomes, self.plugin.outcomes = self.plugin.outcomes, []
        timeline.mark("tests done")


# ------------------------------------------------------------------------------ one per process


def runner_key(assignment: Assignment, cuda_available: bool) -> tuple:
    return (str(assignment.root), assignment.name, assignment.suite_version, cuda_available)


_runner: SuiteRunner | None = None
_runner_lock = threading.Lock()


def runner_for(assignment: Assignment, *, cuda_available: bool) -> SuiteRunner:
    """This process's runner for ``assignment``, started on first use; a changed suite gets a new one.

    A runner inherited through fork has no thread in this process: it is dropped, not closed.
    """
    global _runner
    key = runner_key(assignment, cuda_available)
    with _runner_lock:
        if _runner is not None and (_runner.pid != os.getpid() or _runner.key != key or not _runner.alive()):
            if _runner.pid == os.getpid():
                _runner.close()
            _runner = None
        if _runner is None:
            _runner = SuiteRunner(assignment, cuda_available=cuda_available)
        return _runner


def close_runner() -> None:
    """End this process's pytest session cleanly (also run at exit)."""
    global _runner
    with _runner_lock:
        if _runner is not None and _runner.pid == os.getpid():
            _runner.close()
        _runner = None


atexit.register(close_runner)
