"""The student notebook's given cells are the one source of the given code: nothing else may drift from it.

The reference, every mutant (a patch of the reference) and every example must hold the given code
exactly as the notebook gives it, so that a course author edits it in one place and `make test`
names whatever was left behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import list_assignments, load_assignment
from autograder.ingest import IngestError, load_submission
from autograder.ingest.given import restore_given

ASSIGNMENTS = list_assignments()


def drift(name: str, path: Path) -> tuple[dict[str, int], list[str]]:
    """Which given cells the submission at ``path`` changes, and which defining cells it lacks."""
    assignment = load_assignment(name)
    submission = load_submission(path, expected_name=assignment.notebook)
    restored = restore_given(submission.cells, assignment.given_code)
    return restored.changed, [cell.id for cell in restored.missing if cell.names]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_notebook_marks_its_given_code(name):
    given = load_assignment(name).given_code
    assert given.cells, f"{name}.ipynb marks no cell as given (metadata autograder.given)"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_reference_holds_the_given_code_unchanged(name):
    assignment = load_assignment(name)
    assert drift(name, assignment.reference_path) == ({}, []), (
        f"{assignment.reference_path} must define the notebook's given code exactly as the notebook does")


def mutant_cases() -> list:
    return [pytest.param(name, path, id=f"{name}/{path.name}")
            for name in ASSIGNMENTS for path in sorted(load_assignment(name).mutants.glob("*.py"))]


@pytest.mark.parametrize(("name", "path"), mutant_cases())
def test_a_mutant_changes_no_given_code(name, path, tmp_path):
    patched = tmp_path / path.name
    patched.write_text(load_assignment(name).reference_path.read_text() + "\n\n" + path.read_text())
    assert drift(name, patched) == ({}, []), (
        f"{path} changes given code; a mutant is a patch of the student's own functions")


def example_cases() -> list:
    cases = []
    for name in ASSIGNMENTS:
        for path in sorted(load_assignment(name).examples.glob("*.ipynb")):
            try:
                load_submission(path)
            except IngestError:
                continue  # an example that is unreadable on purpose has no given code to check
            cases.append(pytest.param(name, path, id=f"{name}/{path.name}"))
    return cases


@pytest.mark.parametrize(("name", "path"), example_cases())
def test_an_example_holds_the_given_code_unchanged(name, path):
    assert drift(name, path) == ({}, []), f"{path} must hold the notebook's given cells as they are"
