"""Grade many submissions in parallel job processes, resumably, and write one results file each.

Each job process owns one warm worker (a zygote) and grades one submission at a time, writing its
results file itself (atomically). The batch survives what can go wrong on a long day:

- a submission whose results already match its content and the suite is not graded again;
- a job process that dies (out of memory, a segfault in the grader) is replaced, and the submission
  it held is graded once more; if that dies too, it gets a results file saying the grader failed;
- ``kill -9`` of the whole batch loses at most the submissions in flight: re-running grades those.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from autograder.assignment import Assignment
from autograder.errors import GraderError
from autograder.grading import resume
from autograder.grading.sources import Notice, SubmissionSource, open_sources
from autograder.ingest.names import path_inside
from autograder.report.jsonfile import write_json_atomic
from autograder.worker.pool import Worker, worker_for

if TYPE_CHECKING:  # the grading machinery imports torch and pytest: job processes import it, the parent need not
    from autograder.report.results import GradedSubmission

MAX_ATTEMPTS = 2  # a submission whose job process dies is graded once more, then written off as a grader error
WATCH_SECONDS = 5.0


@dataclass(frozen=True)
class Summary:
    """One line of the TA's table; the full story is in the results file."""

    key: str
    label: str
    source: str
    results_path: str
    score: float
    max_score: float
    seconds: float
    failed: int
    grader_errors: int
    reused: bool = False

    @classmethod
    def from_results(cls, source: SubmissionSource, destination: Path, results: dict, *,
                     reused: bool = False) -> "Summary":
        extra = results.get("extra_data") or {}
        tests = results.get("tests") or []
        return cls(key=source.key, label=source.label, source=source.origin, results_path=str(destination),
                   score=float(results.get("score", 0.0)), max_score=float(extra.get("max_score", 0.0)),
                   seconds=float(results.get("execution_time", 0.0)),
                   failed=sum(t.get("status") != "passed" for t in tests),
                   grader_errors=len(extra.get("grader_errors") or []), reused=reused)


@dataclass(frozen=True)
class BatchResult:
    summaries: list[Summary]
    out_dir: Path
    results: dict[str, dict]  # key -> results, every submission of the batch (graded now or reused)
    labels: dict[str, str]


# ------------------------------------------------------------------------------- one submission


def grade_source(assignment: Assignment, source: SubmissionSource,
                 get_worker: Callable[[], Worker]) -> GradedSubmission:
    """Grade one submission; one with no gradable file scores 0 with the reason on every test."""
    worker = get_worker()  # launched before the grading machinery is imported: its start overlaps that import
    from autograder.grading.grade import grade_submission

    if source.path is None:
        with tempfile.TemporaryDirectory(prefix="autograder-nothing-submitted-") as empty:
            # A file that cannot exist: every test is collected and fails without running anything.
            graded = grade_submission(assignment, Path(empty) / assignment.notebook, worker)
        mark_ungradable(graded, source.problem or "no file was submitted.")
    else:
        graded = grade_submission(assignment, source.path, worker)
        if source.note:
            graded.notes.insert(0, source.note)
    graded.source = source.origin
    graded.sha256 = source.sha256
    graded.metadata = dict(source.metadata)
    return graded


def mark_ungradable(graded: GradedSubmission, problem: str) -> None:
    """Every test failed, with the reason: the student sees why, and the score is an honest 0."""
    reason = problem[:1].upper() + problem[1:]
    graded.graded_file = "(none)"
    graded.notes = [f"Nothing was graded. {reason}"]
    graded.warnings = []
    for outcome in graded.outcomes:
        if outcome.status != "grader_error":
            outcome.status, outcome.fraction = "failed", 0.0
            outcome.output = f"This test was not run. {reason}"


def grader_failure(assignment: Assignment, source: SubmissionSource, reason: str) -> GradedSubmission:
    """A results file for a submission the grader could not finish: 0 points, the suite's questions, and why."""
    from autograder.grading.plugin import TestOutcome
    from autograder.report.results import GradedSubmission

    graded = GradedSubmission(assignment=assignment.name, source=source.origin,
                              graded_file=source.path.name if source.path else "(none)", sha256=source.sha256,
                              suite_version=assignment.suite_version, outcomes=[], execution_time=0.0,
                              metadata=dict(source.metadata))
    graded.grader_errors.append(reason)
    graded.notes.append("The grader failed while grading this submission. This is not your fault: the course "
                        "staff have been told and will grade it again.")
    for question, points in _question_points(assignment).items():
        graded.outcomes.append(TestOutcome(nodeid=f"{question}::not graded", name=f"{question} (not graded)",
                                           question=question, max_score=points, visibility="visible",
                                           status="failed", output="Not graded because the grader failed."))
    return graded


def _question_points(assignment: Assignment) -> dict[str, float]:
    from autograder.grading.collect import suite_points

    try:
        return suite_points(assignment)
    except Exception:  # noqa: BLE001 - a broken suite must not stop the batch from recording the failure
        return {}


def grade_and_write(assignment: Assignment, source: SubmissionSource, destination: Path,
                    get_worker: Callable[[], Worker]) -> Summary:
    graded = grade_source(assignment, source, get_worker)  # first: it launches the worker before any heavy import
    from autograder.report.results import build_results

    results = build_results(graded)
    write_json_atomic(destination, results)
    return Summary.from_results(source, destination, results)


# ------------------------------------------------------------------------------------ job processes


def _job_main(connection: Connection, assignment: Assignment, protected: list[Path], slot: int,
              inherited: list[Connection]) -> None:
    """Grade what the parent sends until it sends None or goes away; the worker starts on first use."""
    for parent_end in inherited:  # copies of the parent's pipe ends: holding them would hide the parent's death
        parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it ends the jobs cleanly
    worker: Worker | None = None

    def get_worker() -> Worker:
        nonlocal worker
        if worker is None:
            worker = worker_for(assignment, extra_protected=protected, slot=slot)
        return worker

    try:
        while True:
            try:
                task = connection.recv()
            except (EOFError, OSError):
                break
            if task is None:
                break
            index, source, destination = task
            connection.send((index, grade_and_write(assignment, source, destination, get_worker)))
    finally:
        if worker is not None:
            worker.close()
        connection.close()


def patience(assignment: Assignment) -> float:
    """How long one submission may take before its job is presumed stuck: the session already stops a
    submission at ``submission_seconds``, so past twice that the grader itself hangs."""
    return 2 * assignment.limits.submission_seconds + 120


@dataclass
class _Job:
    process: Any
    connection: Connection
    slot: int
    task: tuple | None = None
    started: float = 0.0


class _Pool:
    """A fixed number of job processes, each known to be working on one task, so a death is attributable."""

    def __init__(self, assignment: Assignment, protected: list[Path], jobs: int) -> None:
        self.assignment = assignment
        self.protected = protected
        self.jobs = jobs
        self.patience = patience(assignment)
        self.context = multiprocessing.get_context("fork")
        self.running: list[_Job] = []

    def launch(self, slot: int) -> _Job:
        ours, theirs = self.context.Pipe()
        parent_ends = [ours] + [j.connection for j in self.running]
        process = self.context.Process(target=_job_main, name=f"autograder-job-{slot}", daemon=True,
                                       args=(theirs, self.assignment, self.protected, slot, parent_ends))
        process.start()
        theirs.close()
        job = _Job(process, ours, slot)
        self.running.append(job)
        return job

    def retire(self, job: _Job, *, kill: bool = False) -> None:
        if job in self.running:
            self.running.remove(job)
        if kill and job.process.is_alive():
            job.process.kill()
        job.connection.close()
        job.process.join(timeout=30)

    def close(self) -> None:
        for job in list(self.running):
            self.retire(job, kill=True)

    def run(self, tasks: list[tuple[int, SubmissionSource, Path]], on_summary: Callable[[int, Summary], None],
            on_lost: Callable[[tuple, str], None]) -> None:
        """Hand out tasks; a job that dies, or outlives ``patience`` on one task, loses it (retried once)."""
        queue = deque(tasks)
        attempts: dict[int, int] = {}

        def give_work(job: _Job) -> None:
            if not queue:
                job.task = None
                try:
                    job.connection.send(None)
                except OSError:
                    pass
                self.retire(job)
                return
            job.task, job.started = queue.popleft(), time.monotonic()
            attempts[job.task[0]] = attempts.get(job.task[0], 0) + 1
            try:
                job.connection.send(job.task)
            except OSError:
                pass  # it died already: its sentinel tells us next

        def lose(job: _Job, why: str) -> None:
            task = job.task
            self.retire(job, kill=True)
            if task is not None and attempts[task[0]] < MAX_ATTEMPTS:
                queue.appendleft(task)
            elif task is not None:
                on_lost(task, why)
            if queue:
                give_work(self.launch(job.slot))

        for slot in range(min(self.jobs, len(queue))):
            give_work(self.launch(slot))
        while self.running:
            waitables = {}
            for job in self.running:
                waitables[job.connection] = job
                waitables[job.process.sentinel] = job
            for ready in wait(list(waitables), timeout=WATCH_SECONDS):
                job = waitables[ready]
                if job not in self.running:
                    continue
                message = self._receive(job)
                if message is not None:
                    index, summary = message
                    job.task = None
                    on_summary(index, summary)
                    give_work(job)
                elif not job.process.is_alive() or ready is job.connection:
                    job.process.join(timeout=5)
                    code = job.process.exitcode
                    lose(job, f"died (killed by signal {-code})" if code and code < 0 else f"died (exit status {code})")
            for job in list(self.running):
                if job.task is not None and time.monotonic() - job.started > self.patience:
                    lose(job, f"was still grading after {self.patience:.0f} s and was stopped")

    @staticmethod
    def _receive(job: _Job) -> tuple | None:
        try:
            if job.connection.poll():
                return job.connection.recv()
        except (EOFError, OSError):
            return None
        return None


# ------------------------------------------------------------------------------------------- batches


def grade_many(assignment: Assignment, sources: list[SubmissionSource], out_dir: Path, *, jobs: int = 1,
               extra_protected: Iterable[Path] = (),
               on_done: Callable[[Summary], None] | None = None) -> list[Summary]:
    """Grade ``sources`` in up to ``jobs`` processes; ``on_done`` sees each summary as soon as its file is written."""
    out_dir = Path(out_dir)
    tasks = [(i, source, results_path(out_dir, source)) for i, source in enumerate(sources)]
    protected = assignment.protected_paths() + [Path(p) for p in extra_protected] + [out_dir]
    summaries: dict[int, Summary] = {}

    def record(index: int, summary: Summary) -> None:
        summaries[index] = summary
        if on_done:
            on_done(summary)

    def written_off(task: tuple, why: str) -> None:
        index, source, destination = task
        from autograder.report.results import build_results

        reason = (f"the job process grading {source.origin} {why}, on each of {MAX_ATTEMPTS} attempts; "
                  "no results were produced")
        results = build_results(grader_failure(assignment, source, reason))
        write_json_atomic(destination, results)
        record(index, Summary.from_results(source, destination, results))

    if tasks:
        pool = _Pool(assignment, protected, max(1, jobs))
        try:
            pool.run(tasks, record, written_off)
        finally:
            pool.close()
    return [summaries[i] for i in sorted(summaries)]


def grade_batch(assignment: Assignment, paths: Iterable[Path], out_dir: Path, *, jobs: int = 1,
                exports: Iterable[Path] = (), on_notice: Notice | None = None,
                on_plan: Callable[[int, int], None] | None = None,
                on_done: Callable[[Summary], None] | None = None) -> BatchResult:
    """Find the submissions in ``paths``, reuse what is already graded, grade the rest.

    ``exports`` are the paths the TA declared Gradescope exports; ``on_notice`` hears what was found
    but not graded (see :func:`~autograder.grading.sources.open_sources`). ``on_plan(total, to_grade)``
    is called once the work is known, before anything is graded.
    """
    paths = [Path(p) for p in paths]
    out_dir = Path(out_dir)
    with open_sources(paths, assignment.notebook, exports=exports, on_notice=on_notice) as sources:
        if not sources:
            raise GraderError("no submissions (.ipynb, .py or .zip) found in " + ", ".join(map(str, paths)))
        resume.remove_stale_temporaries(out_dir)
        reused: list[tuple[int, Summary, dict]] = []
        todo: list[tuple[int, SubmissionSource]] = []
        for index, source in enumerate(sources):
            destination = results_path(out_dir, source)
            previous = resume.load_results(destination)
            if resume.reusable(previous, sha256=source.sha256, suite_version=assignment.suite_version):
                previous = resume.refresh_metadata(destination, previous, dict(source.metadata))
                reused.append((index, Summary.from_results(source, destination, previous, reused=True), previous))
            else:
                todo.append((index, source))
        if on_plan:
            on_plan(len(sources), len(todo))
        summaries: dict[int, Summary] = {}
        for index, summary, _ in reused:
            summaries[index] = summary
            if on_done:
                on_done(summary)
        graded = grade_many(assignment, [s for _, s in todo], out_dir, jobs=jobs, extra_protected=paths,
                            on_done=on_done)
        by_key = {summary.key: summary for summary in graded}
        for index, source in todo:
            summaries[index] = by_key[source.key]
        ordered = [summaries[i] for i in sorted(summaries)]
        results = {}
        for summary in ordered:
            loaded = resume.load_results(Path(summary.results_path))
            if loaded is not None:
                results[summary.key] = loaded
        return BatchResult(ordered, out_dir, results, {s.key: s.label for s in ordered})


def results_path(out_dir: Path, source: SubmissionSource) -> Path:
    """``out_dir/<key>.json``, checked to be a file directly in ``out_dir`` (keys are made safe by the sources)."""
    try:
        return path_inside(out_dir, f"{source.key}.json")
    except ValueError as error:
        raise GraderError(f"refusing to write the results of {source.origin}: {error}") from None


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))
