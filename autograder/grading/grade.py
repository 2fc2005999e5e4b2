"""Grade one submission: ingest it, run the suites against it through a worker, build its results.

Whatever happens (an unreadable file, a notebook that hangs, a worker that dies, a bug in the
grader) this returns a complete :class:`GradedSubmission` with a message for every test. The
suites run in this process's long-lived pytest session (see :mod:`autograder.grading.suite_runner`),
against a Session of the submission's own.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from pathlib import Path

import torch

from autograder.assignment import Assignment
from autograder.errors import NotebookError
from autograder.grading.plugin import split_device_points
from autograder.grading.proxy import SubmissionProxy
from autograder.grading.suite_runner import runner_for
from autograder.ingest import IngestError, file_sha256, load_submission
from autograder.ingest.given import restore_given
from autograder.report.results import GradedSubmission
from autograder.worker.pool import Worker
from autograder.worker.session import Session


def grade_submission(assignment: Assignment, path: Path, worker: Worker) -> GradedSubmission:
    """Grade the submission at ``path``; its ``execution_time`` leaves out the grader's own start-up.

    Start-up (the worker's zygote launching and importing torch, pytest collecting the suite) is what
    the first submission of a process would otherwise pay: it is never counted in its time, in its
    tests' durations or against its time limits (see Session.start).
    """
    started = time.monotonic()
    startup: list[float] = []
    path = Path(path)
    graded = GradedSubmission(assignment=assignment.name, source=str(path), graded_file=path.name,
                              sha256="", suite_version=assignment.suite_version, outcomes=[],
                              execution_time=0.0)
    try:
        _grade_into(graded, assignment, path, worker, startup)
    except Exception:  # noqa: BLE001 - a grader bug must still produce a valid, honest result
        error_id = hashlib.sha256(traceback.format_exc().encode()).hexdigest()[:8]
        graded.grader_errors.append(f"[{error_id}] {traceback.format_exc()}")
        graded.notes.append(f"The grader failed while grading this submission (error id {error_id}). This is not "
                            "your fault: please contact the course staff and quote the id.")
        for outcome in graded.outcomes:
            outcome.fraction = 0.0
        graded.sha256 = graded.sha256 or _sha256_or_empty(path)
    graded.execution_time = max(0.0, time.monotonic() - started - sum(startup))
    return graded


def _grade_into(graded: GradedSubmission, assignment: Assignment, path: Path, worker: Worker,
                startup: list[float]) -> None:
    """Grade into ``graded``; appends to ``startup`` the seconds spent waiting for the grader's start-up."""
    cuda = torch.cuda.is_available()
    runner = runner_for(assignment, cuda_available=cuda)  # collects in its thread while the notebook is read
    session = Session(worker, [], assignment.limits, gpu=cuda and "cuda" in assignment.devices)
    try:
        submission = load_submission(path, expected_name=assignment.notebook)
    except IngestError as error:
        graded.sha256 = _sha256_or_empty(path)
        session.fatal = NotebookError(f"your submission could not be read, so this test was not run: {error.message}")
        graded.notes.append(f"Your submission could not be read: {error.message}")
    else:
        graded.graded_file = submission.graded_file
        graded.sha256 = submission.sha256  # ingest hashed the file already: once per submission is enough
        graded.warnings.extend(submission.warnings)
        restored = restore_given(submission.cells, assignment.given_code)
        graded.given_code = restored.notes
        session.cells = [[cell.number, cell.source] for cell in restored.cells]
    try:
        try:  # the notebook runs now, while pytest may still be collecting, not inside the first test's time
            session.start()
        except Exception:  # noqa: BLE001 - kept by the session (a fatal problem) or met again by the first test
            pass
        startup.append(runner.wait_collected())
        outcomes = runner.run(lambda reveal: SubmissionProxy(session, reveal))
    finally:
        startup.append(session.startup_seconds)
        ending = session.close()
    graded.outcomes = split_device_points(outcomes)
    graded.problems = session.problems
    graded.protections = list(session.protections)
    graded.events = session.events
    if ending.get("reason"):
        graded.events.append(str(ending["reason"]))
    if not graded.outcomes:
        raise RuntimeError("the test suite ran no tests")



def _sha256_or_empty(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""
