"""One submission's PDF: read the answers, build the document, render it, write the file atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from autograder.manual.answers import Answer, match_answers, read_cells
from autograder.manual.questions import ManualQuestion
from autograder.pdf.document import AnswersDocument, own_code_cells
from autograder.pdf.engine import html_to_pdf
from autograder.pdf.render import render_html

NO_QUESTIONS = "This assignment has no manual questions; the document lists none."
SCRIPT_NOTE = "This submission is a Python script, which has no markdown cells: none of the questions has an answer."


@dataclass(frozen=True)
class MadePdf:
    path: Path
    answers: list[Answer]

    @property
    def unanswered(self) -> list[str]:
        return [a.question.id for a in self.answers if not a.answered]


def submission_pdf(questions: Sequence[ManualQuestion], submission: Path, target: Path, *, title: str,
                   subtitle: Sequence[str] = (), expected_name: str | None = None,
                   assignment_cells: Sequence[Any] | None = None) -> MadePdf:
    """Write the PDF of ``submission``'s answers to ``questions`` at ``target``.

    ``assignment_cells`` (the assignment notebook's cells), when given, adds the student's own
    code cells after the answers. Raises what reading or rendering raises; the batch turns that
    into a notice page.
    """
    cells = read_cells(submission, expected_name)
    answers = match_answers(questions, cells)
    notes = []
    if not questions:
        notes.append(NO_QUESTIONS)
    if Path(submission).suffix.lower() == ".py":
        notes.append(SCRIPT_NOTE)
    code = own_code_cells(cells, assignment_cells) if assignment_cells is not None else ()
    document = AnswersDocument(title=title, answers=answers, subtitle=subtitle, notes=notes, code=code, footer=title)
    write_pdf_atomically(render_html(document), target)
    return MadePdf(Path(target), answers)


def write_pdf_atomically(html: str, target: Path) -> None:
    """Render into a temporary file beside ``target``, then rename: a crash never leaves half a PDF."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".pdf-", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        html_to_pdf(html, Path(temporary))
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
