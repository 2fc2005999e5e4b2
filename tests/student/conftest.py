"""Fixtures of the student-side tests: the toy course on disk, and namespaces left by notebook cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest

from autograder.student.suite import PublicSuite

from .toy import TEST_ADD, TEST_SCALE, TOY_YAML, run_cells


@pytest.fixture(scope="session")
def toy_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course root holding assignments/toy (public tests only: students have nothing else)."""
    root = tmp_path_factory.mktemp("course")
    folder = root / "assignments" / "toy"
    (folder / "tests").mkdir(parents=True)
    (folder / "assignment.yaml").write_text(TOY_YAML)
    (folder / "tests" / "test_add.py").write_text(TEST_ADD)
    (folder / "tests" / "test_scale.py").write_text(TEST_SCALE)
    return root


@pytest.fixture
def toy_folder(toy_course: Path) -> Path:
    return toy_course / "assignments" / "toy"


@pytest.fixture
def toy_suite(toy_folder: Path) -> PublicSuite:
    return PublicSuite.from_folder(toy_folder)


@pytest.fixture
def notebook_namespace() -> Callable[..., dict[str, Any]]:
    return run_cells
