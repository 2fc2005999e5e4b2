"""``autograder check``: a saved notebook's public checks, run by the real worker as the grader runs it.

Unlike ``check()`` in a kernel, this reads the file the student will submit and runs it top to
bottom in a sandboxed worker, so top-level errors, timeouts, crashes and names the notebook never
defines show up exactly as they will in the grader's feedback.
"""

from __future__ import annotations

from pathlib import Path

import torch

from autograder.assignment import Assignment
from autograder.errors import GraderError
from autograder.ingest import IngestError, load_submission
from autograder.student.report import CheckReport
from autograder.student.runner import run_public_tests
from autograder.student.suite import PublicSuite
from autograder.worker.pool import Worker, WorkerStartError
from autograder.worker.session import Session


def check_saved_notebook(assignment: Assignment, path: Path, *, worker: Worker | None = None) -> CheckReport:
    """The public tests of ``assignment`` against the notebook at ``path``, through a sandboxed worker."""
    suite = PublicSuite.from_assignment(assignment)
    cuda = torch.cuda.is_available()
    try:
        submission = load_submission(Path(path), expected_name=assignment.notebook)
    except IngestError as error:
        return CheckReport(assignment=suite.name, title=suite.title, question=None, tests=[], broken=True,
                           notes=[f"Your submission could not be read: {error.message}"])
    own_worker = worker is None
    try:
        worker = worker or Worker(protected=assignment.protected_paths(), disk_mb=assignment.limits.disk_mb)
        session = Session(worker, [[cell.number, cell.source] for cell in submission.cells], assignment.limits,
                          gpu=cuda and "cuda" in assignment.devices)
        try:
            report = run_public_tests(suite, session, cuda_available=cuda)
        finally:
            session.close()
    except WorkerStartError as error:
        raise GraderError(f"the sandboxed worker did not start, so nothing was checked: {error}") from error
    finally:
        if own_worker and worker is not None:
            worker.close()
    report.notes[:0] = _notebook_notes(submission.warnings, session)
    return report


def _notebook_notes(warnings: tuple[str, ...], session: Session) -> list[str]:
    """What the grader's summary says about the notebook as a whole, in the same words."""
    notes = [f"Note: {warning}" for warning in warnings]
    if session.problems:
        lines = ["Some cells of your notebook raised an error when the grader ran it (the other cells still ran):"]
        lines += [f"- cell {p.get('cell')}: {str(p.get('error', '')).strip()}" for p in session.problems]
        notes.append("\n".join(lines))
    if session.fatal is not None:
        notes.append(f"Not every check could run: {session.fatal.message}")
    return notes
