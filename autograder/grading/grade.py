"""Grade one submission: ingest it, run the suites against it through a worker, build its results.

Whatever happens (an unreadable file, a notebook that hangs, a worker that dies, a bug in the
grader) this returns a complete :class:`GradedSubmission` with a message for every test.
"""

from __future__ import annotations

import hashlib
import io
import time
import traceback
from contextlib import redirect_stdout
from pathlib import Path

import pytest
import torch

from autograder.assignment import Assignment
from autograder.errors import NotebookError
from autograder.grading.plugin import GradingPlugin, split_device_points
from autograder.grading.proxy import SubmissionProxy
from autograder.ingest import IngestError, load_submission
from autograder.report.results import GradedSubmission
from autograder.worker.pool import Worker
from autograder.worker.session import Session

PYTEST_INI = Path(__file__).with_name("pytest.ini")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return ""
    return digest.hexdigest()


def grade_submission(assignment: Assignment, path: Path, worker: Worker) -> GradedSubmission:
    started = time.monotonic()
    path = Path(path)
    graded = GradedSubmission(assignment=assignment.name, source=str(path), graded_file=path.name,
                              sha256=file_sha256(path), suite_version=assignment.suite_version, outcomes=[],
                              execution_time=0.0)
    try:
        _grade_into(graded, assignment, path, worker)
    except Exception:  # noqa: BLE001 - a grader bug must still produce a valid, honest result
        error_id = hashlib.sha256(traceback.format_exc().encode()).hexdigest()[:8]
        graded.grader_errors.append(f"[{error_id}] {traceback.format_exc()}")
        graded.notes.append(f"The grader failed while grading this submission (error id {error_id}). This is not "
                            "your fault: please contact the course staff and quote the id.")
        for outcome in graded.outcomes:
            outcome.fraction = 0.0
    graded.execution_time = time.monotonic() - started
    return graded


def _grade_into(graded: GradedSubmission, assignment: Assignment, path: Path, worker: Worker) -> None:
    cuda = torch.cuda.is_available()
    session = Session(worker, [], assignment.limits, gpu=cuda and "cuda" in assignment.devices)
    try:
        submission = load_submission(path, expected_name=assignment.notebook)
    except IngestError as error:
        session.fatal = NotebookError(f"your submission could not be read, so this test was not run: {error.message}")
        graded.notes.append(f"Your submission could not be read: {error.message}")
    else:
        graded.graded_file = submission.graded_file
        graded.warnings.extend(submission.warnings)
        session.cells = [[cell.number, cell.source] for cell in submission.cells]
    plugin = GradingPlugin(proxy_factory=lambda reveal: SubmissionProxy(session, reveal),
                           reference_loader=assignment.load_reference, devices=assignment.devices, cuda_available=cuda)
    try:
        exit_code = run_pytest(assignment, plugin)
    finally:
        ending = session.close()
    graded.outcomes = split_device_points(plugin.outcomes)
    graded.problems = session.problems
    graded.protections = list(session.protections)
    graded.events = session.events
    if ending.get("reason"):
        graded.events.append(str(ending["reason"]))
    if plugin.collection_errors or exit_code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        raise RuntimeError(f"the test suite could not be collected (pytest exit {exit_code}): {plugin.collection_errors}")
    if not graded.outcomes:
        raise RuntimeError("the test suite ran no tests")


def run_pytest(assignment: Assignment, plugin: GradingPlugin) -> int:
    """Run the public and hidden suites in this (grader) process with our plugin and nothing from the repo."""
    args = [str(p) for p in assignment.test_paths()] + [
        "-c", str(PYTEST_INI), "--rootdir", str(assignment.root), "--confcutdir", str(assignment.root),
        "-p", "no:cacheprovider", "-p", "no:stepwise", "-p", "no:randomly", "--import-mode=importlib",
        "-p", "no:unraisableexception", "-p", "no:threadexception", "-p", "no:faulthandler",
        "--capture=sys", "-q", "--no-header", "--tb=no", "-rN", "--disable-warnings",
    ]
    with redirect_stdout(io.StringIO()):
        return pytest.main(args, plugins=[plugin])
