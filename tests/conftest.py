"""Fixtures shared by the grader's own tests: one warm worker for the whole run, and notebook builders."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import nbformat
import pytest

from autograder.worker import preload
from autograder.worker.pool import Worker

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def worker() -> Worker:
    """A warm zygote shared by tests: torch is imported once, every test still gets fresh children."""
    # It grades every assignment's notebooks: preload what any of them uses, as each one's own worker would.
    pool = Worker(protected=[REPO / "hidden_tests", REPO / "reference_solutions", REPO / "tests"], preloads=preload.KNOWN)
    yield pool
    pool.close()


@pytest.fixture
def write_notebook(tmp_path: Path) -> Callable[..., Path]:
    """write_notebook("a = 1", "def f(): ...", name="x.ipynb") -> path of a v4 notebook with those code cells."""

    def write(*cells: str, name: str = "submission.ipynb") -> Path:
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        path = tmp_path / name
        nbformat.write(notebook, path)
        return path

    return write
