"""``autograder check ASSIGNMENT NOTEBOOK``: the public checks of a saved notebook, as the grader runs them.

Exit status: 0 when every public check passes, 1 when one fails or the notebook cannot run,
2 for misuse (unknown assignment, no such file), as for the other subcommands.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder import timeline
from autograder.assignment import load_assignment
from autograder.errors import GraderError
from autograder.worker.pool import worker_for

EXIT_PASSED = 0
EXIT_FAILED = 1


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    notebook = Path(args.notebook)
    if not notebook.is_file():
        raise GraderError(f"no such notebook: {notebook}")
    worker = worker_for(assignment)  # first: the zygote imports torch while the grader does
    try:
        from autograder.student.display import render_text
        from autograder.student.saved import check_saved_notebook

        timeline.mark("grader imports done")
        report = check_saved_notebook(assignment, notebook, worker=worker)
    finally:
        worker.close()
    print(render_text(report), flush=True)
    timeline.mark("results written")
    return EXIT_PASSED if report.passed else EXIT_FAILED
