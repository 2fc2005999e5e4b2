"""A public test that passes in the notebook passes in the grader, with the same inputs and the same message.

For every example submission, the public tests run twice: in this process against the namespace
the notebook's cells leave (what ``check()`` does in a kernel, through LocalSession), and in the
grader (``grade_submission``, through the sandboxed worker, public and hidden suites together).
Each public test must come out the same way with the same message.
"""

from __future__ import annotations

import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import torch

from autograder.assignment import Assignment, list_assignments, load_assignment
from autograder.grading.grade import grade_submission
from autograder.ingest import load_submission
from autograder.student.local_session import LocalSession
from autograder.student.report import PASSED
from autograder.student.runner import run_public_tests
from autograder.student.suite import PublicSuite
from autograder.worker.runtime import STUDENT_MODULE, Runtime, seed_everything

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = ("correct", "partly_wrong")
CASES = [pytest.param(name, example, id=f"{name}-{example}")
         for name in list_assignments(REPO) for example in EXAMPLES
         if (REPO / "assignments" / name / "examples" / f"{example}.ipynb").is_file()]

pytestmark = pytest.mark.slow  # each case grades a notebook with the real worker


def _namespace_left_by(assignment: Assignment, path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Run the notebook's cells here as the worker runs them: seeded, output captured, check() cells inert."""
    cells = [[cell.number, cell.source] for cell in load_submission(path, expected_name=assignment.notebook).cells]
    monkeypatch.setitem(sys.modules, STUDENT_MODULE, None)  # restored after the test
    monkeypatch.setenv("MPLBACKEND", "Agg")
    runtime = Runtime()
    with monkeypatch.context() as inside_worker:
        inside_worker.setenv("AUTOGRADER_WORKER", "1")
        seed_everything(0)
        with redirect_stdout(runtime.output), redirect_stderr(runtime.output):
            runtime.run_cells(cells)
    return runtime.module.__dict__


def _in_the_notebook(assignment: Assignment, path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    suite = PublicSuite.from_assignment(assignment)
    cuda = torch.cuda.is_available()
    session = LocalSession(_namespace_left_by(assignment, path, monkeypatch), assignment.limits,
                           gpu=cuda and "cuda" in assignment.devices)
    try:
        report = run_public_tests(suite, session, cuda_available=cuda)
    finally:
        session.close()
    assert not report.broken, report.notes
    return [(t.question, t.name, t.status == PASSED, t.message) for t in report.tests]


def _in_the_grader(assignment: Assignment, path: Path, worker) -> list[tuple]:
    graded = grade_submission(assignment, path, worker)
    assert not graded.grader_errors, graded.grader_errors
    public = f"{assignment.public_tests.relative_to(assignment.root).as_posix()}/"
    return [(o.question, o.name, o.status == "passed", o.output) for o in graded.outcomes if o.nodeid.startswith(public)]


def test_every_assignment_has_examples_to_compare():
    with_examples = {case.values[0] for case in CASES}
    assert with_examples == set(list_assignments(REPO)), "assignments without examples/correct.ipynb"


@pytest.mark.parametrize(("name", "example"), CASES)
def test_public_tests_say_the_same_in_the_notebook_and_in_the_grader(name, example, worker, monkeypatch):
    assignment = load_assignment(name, REPO)
    path = assignment.examples / f"{example}.ipynb"
    in_notebook = _in_the_notebook(assignment, path, monkeypatch)
    in_grader = _in_the_grader(assignment, path, worker)
    assert in_notebook, "no public tests ran"
    assert [t[:2] for t in in_notebook] == [t[:2] for t in in_grader], "not the same public tests ran"
    differing = [f"{q} / {n}:\n  notebook: {'passed' if ok else m!r}\n  grader:   {'passed' if ok2 else m2!r}"
                 for (q, n, ok, m), (_, _, ok2, m2) in zip(in_notebook, in_grader) if (ok, m) != (ok2, m2)]
    assert not differing, "check() and the grader disagree:\n" + "\n".join(differing)
    if example == "correct":
        assert all(passed for _, _, passed, _ in in_notebook), [t for t in in_notebook if not t[2]]
