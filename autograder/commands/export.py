"""``autograder export NOTEBOOK [-o ZIP] [--assignment NAME]``: the student's hand-in zip, from a shell.

The same zip as ``export()`` in the notebook: the saved notebook and the PDF of its written
answers. The public checks run first through the real sandboxed worker, as ``autograder check``
runs them (so their verdict is the grader's on the saved file), then the unanswered written
questions are listed. Exit 0 once the zip is written, whatever the checks said; 2 for misuse.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.errors import GraderError


def run(args: argparse.Namespace) -> int:
    from autograder.student.export import write_export
    from autograder.student.suite import CheckUsageError, locate_suite

    notebook = Path(args.notebook)
    if not notebook.is_file():
        raise GraderError(f"no such notebook: {notebook}")
    try:
        suite = locate_suite(getattr(args, "assignment", None), notebook_file=str(notebook.resolve()))
    except CheckUsageError as error:
        raise GraderError(str(error)) from None
    verdict = _checks(suite, notebook)
    try:
        result = write_export(notebook, suite, out=getattr(args, "out", None), checks=verdict)
    except CheckUsageError as error:
        raise GraderError(str(error)) from None
    print(result.text(), flush=True)
    return 0


def _checks(suite, notebook: Path) -> str | None:  # noqa: ANN001 - PublicSuite
    """The public checks of the saved notebook through the sandboxed worker; their verdict, printed in full first."""
    from autograder.assignment import load_assignment

    if suite.folder.parent.name != "assignments":
        print("The public checks were skipped: run check() in the notebook (this folder is not a course checkout).")
        return None
    from autograder.student.display import _verdict, render_text
    from autograder.student.saved import check_saved_notebook
    from autograder.worker.pool import worker_for

    assignment = load_assignment(suite.name, suite.root)
    worker = worker_for(assignment)
    try:
        report = check_saved_notebook(assignment, notebook, worker=worker)
    finally:
        worker.close()
    print(render_text(report), flush=True)
    return _verdict(report)
