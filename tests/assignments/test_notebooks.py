"""Every student notebook runs top to bottom in a real kernel, and its check() cells say what is left to do.

With the stubs in place, each check cell reports "not implemented yet" instead of raising; with
the reference filled in (examples/correct.ipynb) every public check passes. One kernel per
notebook (this venv's python3); a final ``check()`` cell is added so every question is covered.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from autograder.assignment import list_assignments, load_assignment
from autograder.student.display import SUMMARY_MIMETYPE

REPO = Path(__file__).resolve().parents[2]
ASSIGNMENTS = list_assignments(REPO)
CHECK_CALL = re.compile(r"^\s*check\(", re.MULTILINE)
CELL_SECONDS = 300

pytestmark = pytest.mark.slow  # a kernel per notebook: a few seconds to start, torch to import


@pytest.fixture(autouse=True)
def this_venvs_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Resolve kernel "python3" to this environment's kernelspec before any user-wide one."""
    monkeypatch.setenv("JUPYTER_PATH", str(Path(sys.prefix) / "share" / "jupyter"))
    monkeypatch.delenv("AUTOGRADER_WORKER", raising=False)


def _run(notebook_path: Path, folder: Path) -> list[tuple[str, dict]]:
    """Execute the notebook in ``folder`` (where check() finds assignment.yaml); (source, summary) per check cell."""
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell("from autograder import check\ncheck()"))
    NotebookClient(notebook, kernel_name="python3", timeout=CELL_SECONDS,
                   resources={"metadata": {"path": str(folder)}}).execute()  # raises if any cell raises
    results = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or not CHECK_CALL.search(cell.source):
            continue
        summaries = [output["data"][SUMMARY_MIMETYPE] for output in cell.outputs
                     if SUMMARY_MIMETYPE in output.get("data", {})]
        assert len(summaries) == 1, f"the check cell {cell.source!r} showed {len(summaries)} results"
        results.append((cell.source, summaries[0]))
    return results


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_student_notebook_runs_with_its_stubs_and_says_not_implemented(name):
    assignment = load_assignment(name, REPO)
    results = _run(assignment.folder / assignment.notebook, assignment.folder)
    for source, summary in results:
        assert not summary["broken"] and summary["total"] > 0, (source, summary)
        assert summary["failed"] == summary["grader_errors"] == 0, (source, summary)
        assert summary["passed"] + summary["not_implemented"] == summary["total"], (source, summary)
    whole = results[-1][1]
    assert whole["question"] is None and whole["not_implemented"] > 0, whole


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_with_the_reference_filled_in_every_public_check_passes(name):
    assignment = load_assignment(name, REPO)
    results = _run(assignment.examples / "correct.ipynb", assignment.folder)
    for source, summary in results:
        assert summary["all_passed"], (source, summary)
    assert results[-1][1]["question"] is None and results[-1][1]["total"] > 0
