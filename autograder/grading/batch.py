"""Grade many submissions, one warm worker per job, and write one results file per submission."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from autograder.assignment import Assignment
from autograder.grading.grade import grade_submission
from autograder.report.jsonfile import write_json_atomic
from autograder.report.results import GradedSubmission, build_results
from autograder.worker.pool import Worker

SUBMISSION_SUFFIXES = (".ipynb", ".py", ".zip")


@dataclass(frozen=True)
class Summary:
    """One line of the TA's table; the full story is in the results file."""

    source: str
    results_path: str
    score: float
    max_score: float
    seconds: float
    failed: int
    grader_errors: int


def find_submissions(paths: Iterable[Path]) -> list[Path]:
    """Submission files named directly, or found directly inside the folders named."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUBMISSION_SUFFIXES))
        else:
            found.append(path)
    return found


def results_path(out_dir: Path, submission: Path, taken: set[str]) -> Path:
    """``DIR/<stem>.json``; a second submission with the same stem gets its suffix added."""
    name = submission.stem
    if name in taken:
        name = f"{submission.stem}{submission.suffix.replace('.', '_')}"
    taken.add(name)
    return out_dir / f"{name}.json"


def write_graded(graded: GradedSubmission, destination: Path) -> Summary:
    write_json_atomic(destination, build_results(graded))
    return Summary(source=graded.source, results_path=str(destination), score=graded.score,
                   max_score=graded.max_score, seconds=round(graded.execution_time, 2),
                   failed=sum(o.status != "passed" for o in graded.outcomes),
                   grader_errors=len(graded.grader_errors) + sum(o.status == "grader_error" for o in graded.outcomes))


# ----------------------------------------------------------------------------- one process per job

_worker: Worker | None = None


def _job_init(assignment: Assignment, protected: list[Path], slot_counter: "multiprocessing.Value") -> None:
    global _worker
    with slot_counter.get_lock():
        slot = slot_counter.value
        slot_counter.value += 1
    _worker = Worker(protected=protected, slot=slot, disk_mb=assignment.limits.disk_mb)


def _job_grade(assignment: Assignment, submission: Path, destination: Path) -> Summary:
    return write_graded(grade_submission(assignment, submission, _worker), destination)


def grade_many(assignment: Assignment, submissions: list[Path], out_dir: Path, *, jobs: int = 1,
               extra_protected: list[Path] = (), on_done: Callable[[Summary], None] | None = None) -> list[Summary]:
    """Grade every submission; ``on_done`` sees each summary as soon as it is written."""
    taken: set[str] = set()
    plan = [(s, results_path(out_dir, s, taken)) for s in submissions]
    protected = assignment.protected_paths() + [Path(p) for p in extra_protected] + [out_dir]
    summaries: list[Summary] = []
    if jobs <= 1 or len(plan) <= 1:
        worker = Worker(protected=protected, disk_mb=assignment.limits.disk_mb)
        try:
            for submission, destination in plan:
                summary = write_graded(grade_submission(assignment, submission, worker), destination)
                summaries.append(summary)
                if on_done:
                    on_done(summary)
        finally:
            worker.close()
        return summaries
    context = multiprocessing.get_context("fork")
    counter = context.Value("i", 0)
    with ProcessPoolExecutor(max_workers=min(jobs, len(plan)), mp_context=context, initializer=_job_init,
                             initargs=(assignment, protected, counter)) as pool:
        futures = [pool.submit(_job_grade, assignment, s, d) for s, d in plan]
        for future in as_completed(futures):
            summary = future.result()
            summaries.append(summary)
            if on_done:
                on_done(summary)
    order = {str(d): i for i, (_, d) in enumerate(plan)}
    return sorted(summaries, key=lambda s: order[s.results_path])


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)))
