"""The document a submission's PDF shows, as a notebook for nbconvert: cover, one question per page, code.

Prompts come from the assignment's notebook (never the student's copy, which the student may have
edited), answers from the student's. Nothing else of the assignment reaches the document: no
tests, no reference, no teacher's answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import nbformat

from autograder.manual.answers import POSITION, Answer
from autograder.manual.questions import ManualQuestion, cell_text

ROLE_KEY = "autograder_pdf"
UNANSWERED_TEXT = "No answer was given: the answer cell is missing, empty, or still says YOUR ANSWER HERE."
MAX_CODE_CHARS = 200_000


@dataclass(frozen=True)
class AnswersDocument:
    """Everything one PDF shows; the title is the submission's name, as the TA knows it."""

    title: str
    answers: Sequence[Answer]
    subtitle: Sequence[str] = ()
    notes: Sequence[str] = ()
    code: Sequence[str] = ()       # the student's own code cells, when asked for
    footer: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def notebook(self) -> nbformat.NotebookNode:
        cells = []
        for answer in self.answers:
            cells.append(_cell(answer.question.prompt, "prompt", attachments=answer.question.prompt_attachments,
                               question=answer.question.id, label=_label(answer.question)))
            if answer.answered:
                cells.append(_cell(answer.body, "answer", attachments=answer.attachments, question=answer.question.id,
                                   found_by=answer.found_by))
            else:
                cells.append(_cell(UNANSWERED_TEXT, "unanswered", question=answer.question.id))
        if self.code:
            cells.append(_cell("Your code (the notebook's code cells you wrote or changed)", "code-heading"))
            total = 0
            for number, source in enumerate(self.code, start=1):
                if total + len(source) > MAX_CODE_CHARS:
                    cells.append(_cell(f"# The remaining code cells (past {MAX_CODE_CHARS:,} characters) are "
                                       "not shown.", "code", kind="code", label="..."))
                    break
                total += len(source)
                cells.append(_cell(source, "code", kind="code", label=f"code cell {number}"))
        notebook = nbformat.v4.new_notebook(cells=cells)
        notebook.metadata["language_info"] = {"name": "python"}
        return notebook

    def summary(self) -> list[dict[str, str]]:
        return [{"id": a.question.id, "points": f"{a.question.points:g}",
                 "status": ("answered" + (" (found by position)" if a.found_by == POSITION else ""))
                 if a.answered else "NOT ANSWERED"} for a in self.answers]


def _label(question: ManualQuestion) -> str:
    points = f"{question.points:g}"
    return f"{question.id} ({points} point{'' if points == '1' else 's'})"


def _cell(source: str, role: str, *, kind: str = "markdown", attachments: Mapping[str, Any] | None = None,
          **meta: str) -> nbformat.NotebookNode:
    maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = maker(source)
    cell.metadata[ROLE_KEY] = {"role": role, **meta}
    if attachments and kind == "markdown":
        cell["attachments"] = dict(attachments)
    return cell


def own_code_cells(student_cells: Iterable[Any], assignment_cells: Iterable[Any]) -> list[str]:
    """The student's code cells that the assignment's notebook does not hold as they are (stubs, checks, given)."""
    handed_out = {cell_text(c).strip() for c in assignment_cells
                  if isinstance(c, Mapping) and c.get("cell_type") == "code"}
    own = []
    for cell in student_cells:
        if isinstance(cell, Mapping) and cell.get("cell_type") == "code":
            text = cell_text(cell)
            if text.strip() and text.strip() not in handed_out:
                own.append(text)
    return own
