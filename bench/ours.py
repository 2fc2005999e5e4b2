"""Measurements (a) and (b) of our grader: one job submission by submission, then whole batches with -j.

(a) grades every submission with ``grade_submission`` and one warm :class:`Worker`, timing each
call and splitting its wall time with the session's own accounting (what the student's code took
in the worker, how long the grader waited for the worker). It also reads peak memory from /proc:
the zygote's, and each child's just before it is ended.

(b) runs ``grade_many`` (job processes, results files written) on the same submissions with
different ``jobs`` and reports submissions per second.
"""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import autograder.grading.grade as grade_module
from autograder.assignment import Assignment
from autograder.grading.batch import grade_many
from autograder.grading.grade import grade_submission
from autograder.grading.sources import open_sources
from autograder.worker import preload
from autograder.worker.pool import Spawned, Worker
from autograder.worker.session import Session
from bench import procfs


@dataclass(frozen=True)
class SubmissionTiming:
    source: str
    origin: str
    wall: float               # grade_submission, end to end
    student: float            # the student's code, as the worker measured it (notebook + calls)
    waiting: float            # the grader waiting for the worker: forks, notebook, calls, round trips
    tests: float              # the tests' call phases as pytest timed them (includes the waiting, but not the
                              # notebook's first run, which the grader does before the tests)
    first_run: float          # the grader waiting for the notebook's first run
    score: float
    max_score: float
    child_peak_kb: int | None  # the worker child's VmHWM just before it was ended
    worker_pss_kb: int | None  # zygote + child then, shared pages counted once (PSS)
    grader_errors: int

    @property
    def checks(self) -> float:
        """Grader-side work inside the tests: the reference, comparisons, building inputs."""
        return max(0.0, self.tests - (self.waiting - self.first_run))

    @property
    def overhead(self) -> float:
        """Everything but the student's own compute (the brief's definition)."""
        return max(0.0, self.wall - self.student)

    @property
    def engine_overhead(self) -> float:
        """What the grading machinery adds: everything but the student's compute and the checks' own work."""
        return max(0.0, self.wall - self.student - self.checks)


@dataclass(frozen=True)
class OneJobRun:
    assignment: str
    startup: float            # zygote launched until it is warm (torch imported)
    submissions: list[SubmissionTiming]
    zygote_peak_kb: int | None
    grader_peak_kb: int | None  # this process (pytest, reference, comparisons), over the whole run so far


@dataclass(frozen=True)
class Throughput:
    assignment: str
    jobs: int
    count: int
    wall: float               # grade_many end to end, job processes and their workers starting included
    first_done: float         # seconds from the start until the first results file was written
    last_done: float
    grader_errors: int

    @property
    def per_second(self) -> float:
        return self.count / self.wall if self.wall > 0 else 0.0

    @property
    def steady_per_second(self) -> float:
        """Once the first results are out (workers warm), how fast the rest come."""
        span = self.last_done - self.first_done
        return (self.count - 1) / span if self.count > 1 and span > 0 else 0.0


class MeasuredWorker(Worker):
    """A Worker that reads its child's memory from /proc just before ending it.

    The reads take ~2 ms (smaps_rollup walks every mapping); ``measuring`` adds them up so the
    caller can take them out of the submission's wall time.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.child_peaks: list[int | None] = []
        self.worker_pss: list[int | None] = []
        self.measuring = 0.0
        self._zygote_pid: int | None = None

    def zygote_pid(self) -> int | None:
        if self._zygote_pid is None and self.process is not None:
            self._zygote_pid = procfs.find_descendant(self.process.pid, "autograder.worker.zygote")
        return self._zygote_pid

    def end(self, spawned: Spawned, *, died: bool = False) -> dict:
        started = time.perf_counter()
        zygote = self.zygote_pid()
        children = procfs.children(zygote) if zygote else []
        peaks = [p for p in (procfs.peak_kb(pid) for pid in children) if p]
        self.child_peaks.append(max(peaks) if peaks else None)
        shares = [p for p in (procfs.pss_kb(pid) for pid in [zygote, *children] if pid) if p]
        self.worker_pss.append(sum(shares) if children and shares else None)
        self.measuring += time.perf_counter() - started
        return super().end(spawned, died=died)

    def zygote_peak_kb(self) -> int | None:
        zygote = self.zygote_pid()
        return procfs.peak_kb(zygote) if zygote else None


@contextmanager
def recording_sessions() -> Iterator[list[Session]]:
    """Every Session the grader creates, so its accounting can be read after grade_submission returns."""
    created: list[Session] = []
    original = grade_module.Session

    class RecordedSession(original):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            created.append(self)

    grade_module.Session = RecordedSession
    try:
        yield created
    finally:
        grade_module.Session = original


def one_job(assignment: Assignment, submissions: list, protected: list[Path]) -> OneJobRun:
    """(a): every submission through one warm worker, in this process, one at a time."""
    worker = MeasuredWorker(protected=assignment.protected_paths() + protected, disk_mb=assignment.limits.disk_mb,
                            preloads=preload.for_assignment(assignment))  # as worker_for does
    timings = []
    try:
        started = time.perf_counter()
        worker.wait_ready()
        startup = time.perf_counter() - started
        with recording_sessions() as sessions:
            for variant in submissions:
                sessions.clear()
                worker.child_peaks.clear()
                worker.worker_pss.clear()
                worker.measuring = 0.0
                began = time.perf_counter()
                graded = grade_submission(assignment, variant.path, worker)
                wall = time.perf_counter() - began - worker.measuring
                known_peaks = [p for p in worker.child_peaks if p]
                known_pss = [p for p in worker.worker_pss if p]
                timings.append(SubmissionTiming(
                    source=variant.path.name, origin=variant.origin, wall=wall,
                    student=sum(s.worker_seconds for s in sessions), waiting=sum(s.waiting_seconds for s in sessions),
                    first_run=sum(s.first_run_waiting for s in sessions),
                    tests=sum(o.seconds for o in graded.outcomes), score=graded.score, max_score=graded.max_score,
                    child_peak_kb=max(known_peaks) if known_peaks else None,
                    worker_pss_kb=max(known_pss) if known_pss else None,
                    grader_errors=len(graded.grader_errors) + sum(o.status == "grader_error" for o in graded.outcomes)))
        zygote_peak = worker.zygote_peak_kb()
    finally:
        worker.close()
    return OneJobRun(assignment.name, startup, timings, zygote_peak, procfs.peak_kb("self"))


def batch(assignment: Assignment, folder: Path, jobs: int) -> Throughput:
    """(b): ``grade_many`` over every submission in ``folder`` with ``jobs`` job processes."""
    done: list[float] = []
    errors = 0

    def on_done(summary) -> None:
        nonlocal errors
        done.append(time.perf_counter())
        errors += 1 if summary.grader_errors else 0

    with tempfile.TemporaryDirectory(prefix="bench-results-") as out_dir:
        with open_sources([folder], assignment.notebook) as sources:
            started = time.perf_counter()
            grade_many(assignment, sources, Path(out_dir), jobs=jobs, extra_protected=[folder], on_done=on_done)
            wall = time.perf_counter() - started
    return Throughput(assignment.name, jobs, len(done), wall, (done[0] - started) if done else 0.0,
                      (done[-1] - started) if done else 0.0, errors)
