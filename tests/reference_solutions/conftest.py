"""Fixtures for the reference tests: the module ``test_NAME.py`` is about the assignment NAME."""

from __future__ import annotations

from types import ModuleType
from typing import Callable

import nbformat
import pytest

from autograder.assignment import load_assignment


def _assignment_of(request: pytest.FixtureRequest) -> str:
    return request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")


@pytest.fixture(scope="module")
def ref(request: pytest.FixtureRequest) -> ModuleType:
    """The reference solution, imported exactly as the grader imports it."""
    return load_assignment(_assignment_of(request)).load_reference()


@pytest.fixture(scope="module")
def stub_notebook_namespace(request: pytest.FixtureRequest) -> Callable[[], dict]:
    """Runs the untouched student notebook's code, minus the autograder's check cells, in a fresh namespace."""
    assignment = load_assignment(_assignment_of(request))

    def run() -> dict:
        namespace: dict = {"__name__": "student_notebook"}
        for cell in nbformat.read(assignment.folder / assignment.notebook, as_version=4).cells:
            if cell.cell_type == "code" and "check(" not in cell.source and "autograder" not in cell.source:
                exec(compile(cell.source, "<notebook cell>", "exec"), namespace)
        return namespace

    return run
