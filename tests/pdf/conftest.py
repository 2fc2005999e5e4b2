"""A tiny course with written questions, and readers for the PDFs the grader writes (pypdf, pdftoppm)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from manual.notebooks import answered, assignment_notebook, write

ASSIGNMENT_YAML = """\
title: Tiny written course
exam: test fixture
notebook: tiny.ipynb
devices: [cpu]
limits:
  notebook_seconds: 30
  call_seconds: 5
"""
SECRET_HIDDEN_INPUT = "hidden-input-4141"
TEACHER_1A = "The teacher's answer: an identity shortcut lets the gradient bypass the residual branch."
TEACHER_2B = "The teacher's answer: the validation loss grows while the training loss keeps falling."
REFERENCE = textwrap.dedent(f'''
    def double(x):
        return x * 2

    TEACHER_ANSWERS = {{"1a": {TEACHER_1A!r}, "2b": {TEACHER_2B!r}}}
''')
PUBLIC_TESTS = textwrap.dedent('''
    import pytest
    from autograder.compare import assert_equal

    @pytest.mark.points(1, visibility="visible")
    def test_doubles_two(submission):
        assert_equal(submission.double(2), 4, what="double(2)")
''')
HIDDEN_TESTS = textwrap.dedent(f'''
    import pytest
    from autograder.compare import assert_equal

    @pytest.mark.points(2, visibility="hidden")
    def test_doubles_a_secret_number(submission, reference):
        assert_equal(submission.double(4141), reference.double(4141), what="{SECRET_HIDDEN_INPUT}")
''')
ANSWERS = {"1a": "The skip path adds the input back, so the gradient reaches early layers undiminished.",
           "2b": "Overfitting shows when $L_{val}$ rises while $L_{train}$ keeps falling."}
STUDENT_CODE = "def double(x):\n    return x + x  # my own solution"


def student_notebook(answers: dict[str, str] | None = None, *, code: str = STUDENT_CODE) -> nbformat.NotebookNode:
    """The assignment notebook as a student hands it in: the stub replaced, the given answers written."""
    notebook = answered(assignment_notebook(), ANSWERS if answers is None else answers)
    notebook.cells[1].source = code
    return notebook


@pytest.fixture(scope="session")
def pdf_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("written-course")
    folder = root / "assignments" / "tiny"
    (folder / "tests").mkdir(parents=True)
    (folder / "assignment.yaml").write_text(ASSIGNMENT_YAML)
    (folder / "tests" / "test_public.py").write_text(PUBLIC_TESTS)
    write(assignment_notebook(), folder / "tiny.ipynb")
    (root / "hidden_tests" / "tiny").mkdir(parents=True)
    (root / "hidden_tests" / "tiny" / "test_hidden.py").write_text(HIDDEN_TESTS)
    (root / "reference_solutions").mkdir()
    (root / "reference_solutions" / "tiny.py").write_text(REFERENCE)
    return root


@pytest.fixture
def tiny_assignment(pdf_course: Path, monkeypatch: pytest.MonkeyPatch):
    from autograder.assignment import load_assignment

    monkeypatch.setenv("AUTOGRADER_HOME", str(pdf_course))
    return load_assignment("tiny", pdf_course)


@pytest.fixture(scope="session")
def engine() -> None:
    """Skip (with what to install) where WeasyPrint or its Pango library is missing; CI installs both."""
    from autograder.pdf.engine import EngineMissing, load_engine

    try:
        load_engine()
    except EngineMissing as error:
        pytest.skip(str(error))


@pytest.fixture(scope="session")
def pdf_pages() -> Callable[[Path], list[str]]:
    """The text of each page of a PDF, as pypdf extracts it (whitespace collapsed)."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDFs (pip install -e .[dev])")

    def read(path: Path) -> list[str]:
        return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(str(path)).pages]

    return read


@pytest.fixture(scope="session")
def page_png() -> Callable[[Path, int, Path], Path]:
    """Page ``n`` (1-based) of a PDF as a PNG, drawn by poppler's pdftoppm (Debian poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is missing: apt-get install poppler-utils (CI installs it)")

    def draw(pdf: Path, page: int, out: Path) -> Path:
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(out.with_suffix(""))], check=True, capture_output=True, timeout=60)
        return out.with_suffix(".png")

    return draw


@pytest.fixture
def autograder_in(pdf_course: Path) -> Callable[..., subprocess.CompletedProcess]:
    """Run ``python -m autograder ARGS`` against the tiny course, as a TA or a student would."""

    def run(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
        env = {**os.environ, "AUTOGRADER_HOME": str(pdf_course)}
        return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=timeout)

    return run
