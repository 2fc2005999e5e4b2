"""The PDF of one submission's written answers, read back as a TA (pypdf) and drawn as a page (pdftoppm)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.manual.questions import read_questions
from autograder.pdf.make import submission_pdf

from manual.notebooks import write

from .conftest import ANSWERS, SECRET_HIDDEN_INPUT, TEACHER_1A, TEACHER_2B, student_notebook

pytestmark = pytest.mark.usefixtures("engine")


def make(tiny_assignment, notebook, tmp_path: Path, *, code: bool = False) -> tuple[Path, list[str]]:
    path = write(notebook, tmp_path / "alice.ipynb")
    cells = json.loads(tiny_assignment.notebook_path.read_text())["cells"] if code else None
    made = submission_pdf(read_questions(tiny_assignment.notebook_path), path, tmp_path / "alice.pdf",
                          title="alice.ipynb", subtitle=["Tiny written course"], assignment_cells=cells)
    return made.path, made.unanswered


def test_the_name_first_then_each_question_on_its_own_page_with_its_answer(tiny_assignment, tmp_path, pdf_pages):
    pdf, unanswered = make(tiny_assignment, student_notebook(), tmp_path)
    pages = pdf_pages(pdf)
    assert unanswered == []
    assert len(pages) == 3, "a cover page, then one page per question"
    assert pages[0].startswith("alice.ipynb")
    assert "Question 1a (2 points)" in pages[1] and "skip connection help" in pages[1]
    assert "reaches early layers undiminished" in pages[1]
    assert "Question 2b (1.5 points)" in pages[2] and "Overfitting shows when" in pages[2]
    assert "undiminished" not in pages[2] and "Overfitting" not in pages[1]


def test_an_unanswered_question_still_gets_its_page_saying_so(tiny_assignment, tmp_path, pdf_pages):
    pdf, unanswered = make(tiny_assignment, student_notebook({"2b": ANSWERS["2b"]}), tmp_path)
    pages = pdf_pages(pdf)
    assert unanswered == ["1a"]
    assert len(pages) == 3
    assert "Question 1a" in pages[1] and "No answer was given" in pages[1]
    assert "1a 2 NOT ANSWERED" in pages[0]


def test_nothing_hidden_appears_not_even_with_the_code(tiny_assignment, tmp_path, pdf_pages):
    pdf, _ = make(tiny_assignment, student_notebook(), tmp_path, code=True)
    text = " ".join(pdf_pages(pdf))
    assert "my own solution" in text, "the student's code cells come after the answers"
    assert "raise NotImplementedError" not in text, "cells as the assignment gave them are left out"
    for hidden in (TEACHER_1A[:40], TEACHER_2B[:40], SECRET_HIDDEN_INPUT, "test_doubles_a_secret_number",
                   "TEACHER_ANSWERS", "return x * 2"):
        assert hidden not in text


def test_the_code_section_starts_on_its_own_page(tiny_assignment, tmp_path, pdf_pages):
    pages = pdf_pages(make(tiny_assignment, student_notebook(), tmp_path, code=True)[0])
    assert len(pages) == 4 and pages[3].startswith("Your code") and "return x + x # my own solution" in pages[3]


def test_a_page_drawn_as_an_image_is_not_blank(tiny_assignment, tmp_path, page_png):
    from PIL import Image

    pdf, _ = make(tiny_assignment, student_notebook(), tmp_path)
    with Image.open(page_png(pdf, 3, tmp_path / "page3")) as image:
        grey = image.convert("L")
        width, height = grey.size
        dark = sum(grey.histogram()[:128])
    assert width > 300 and height > 400
    assert 0.002 < dark / (width * height) < 0.3, "a page with text on it, neither blank nor a solid block"


def test_answers_found_by_position_say_so_and_keep_images(tiny_assignment, tmp_path, pdf_pages):
    pixel = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg==")
    notebook = student_notebook({"1a": "See the sketch: ![my sketch](attachment:sketch.png)", "2b": ANSWERS["2b"]})
    for cell in notebook.cells:
        cell.metadata = {}
    notebook.cells[3]["attachments"] = {"sketch.png": {"image/png": pixel}}
    pages = pdf_pages(make(tiny_assignment, notebook, tmp_path)[0])
    assert "See the sketch:" in pages[1] and "not shown" not in pages[1]
    assert "found right after the question's prompt" in pages[1]
