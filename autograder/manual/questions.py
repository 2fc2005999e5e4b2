"""The manual questions an assignment notebook asks: ids, points and prompts, read with json alone.

The assignment's notebook is the one source: the gradebook's empty columns, ``autograder list``'s
manual points, the PDFs' prompts and the student's export all read it here. A notebook that
breaks the convention raises :class:`ManualQuestionError` naming the cell, so ``make test``
tells the course author what to fix instead of a PDF silently missing a question.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

MARKER = "autograder"
PROMPT_KEY = "prompt"
MANUAL_KEY = "manual"
POINTS_KEY = "points"
PLACEHOLDER = "YOUR ANSWER HERE"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")


class ManualQuestionError(ValueError):
    """The assignment notebook's manual questions do not follow the convention (the message says where)."""


@dataclass(frozen=True)
class ManualQuestion:
    """One written question: its id (e.g. ``4a``), its points, and its prompt as the notebook shows it."""

    id: str
    points: float
    prompt: str                    # the prompt cell's markdown source
    prompt_attachments: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label(self) -> str:
        """``4a (2 pts)``: how the gradebook and the PDFs name it."""
        points = f"{self.points:g}"
        return f"{self.id} ({points} pt{'' if points == '1' else 's'})"


def cell_text(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string, whatever shape a tool saved it in (a string or a list of lines)."""
    source = cell.get("source", "")
    if isinstance(source, list):
        return "".join(part for part in source if isinstance(part, str))
    return source if isinstance(source, str) else ""


def marker_of(cell: Mapping[str, Any]) -> Mapping[str, Any]:
    """The cell's ``metadata.autograder`` mapping, or an empty one when it is missing or not a mapping."""
    metadata = cell.get("metadata")
    marker = metadata.get(MARKER) if isinstance(metadata, Mapping) else None
    return marker if isinstance(marker, Mapping) else {}


def is_placeholder(text: str) -> bool:
    """True for an answer cell the student has not written in: empty, or only the placeholder line."""
    return text.strip() in ("", PLACEHOLDER)


def questions_in(notebook: Mapping[str, Any], *, where: str = "the notebook", strict: bool = True) -> list[ManualQuestion]:
    """The manual questions of an assignment notebook (a parsed nbformat 4 dict), in notebook order.

    ``strict`` (the course's own notebook) raises :class:`ManualQuestionError` on any break of the
    convention. Not strict (a student's working copy, whose answer cells are filled in and whose
    cells may have been moved) reads what it can and leaves out a question it cannot make sense of.
    """
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        raise ManualQuestionError(f"{where} has no list of cells")
    questions: list[ManualQuestion] = []
    for index, cell in enumerate(cells):
        if not isinstance(cell, Mapping):
            continue
        marker = marker_of(cell)
        if MANUAL_KEY in marker:
            try:
                questions.append(_question(cells, index, marker, where, strict))
            except ManualQuestionError:
                if strict:
                    raise
        elif PROMPT_KEY in marker and strict:
            following = cells[index + 1] if index + 1 < len(cells) else {}
            if not isinstance(following, Mapping) or marker_of(following).get(MANUAL_KEY) != marker[PROMPT_KEY]:
                raise ManualQuestionError(f"{where}, cell {index + 1}: the prompt of {marker[PROMPT_KEY]!r} is not "
                                          "followed by its answer cell (metadata autograder.manual)")
    ids = [q.id for q in questions]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated and not strict:
        return [q for i, q in enumerate(questions) if q.id not in ids[:i]]
    if repeated:
        raise ManualQuestionError(f"{where}: manual question ids must be unique, repeated: {', '.join(repeated)}")
    return questions


def _question(cells: list, index: int, marker: Mapping[str, Any], where: str, strict: bool) -> ManualQuestion:
    cell = cells[index]
    at = f"{where}, cell {index + 1}"
    question_id, points = marker.get(MANUAL_KEY), marker.get(POINTS_KEY)
    if not isinstance(question_id, str) or not ID_PATTERN.fullmatch(question_id):
        raise ManualQuestionError(f"{at}: a manual question's id must be a short name like \"4a\", not {question_id!r}")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) or points <= 0:
        raise ManualQuestionError(f"{at}: manual question {question_id} needs a positive number of points, "
                                  f"not {points!r}")
    if cell.get("cell_type") != "markdown" or (strict and cell_text(cell).strip() != PLACEHOLDER):
        raise ManualQuestionError(f"{at}: the answer cell of {question_id} must be a markdown cell holding only "
                                  f"the line {PLACEHOLDER}")
    prompt = cells[index - 1] if index > 0 else {}
    if (not isinstance(prompt, Mapping) or prompt.get("cell_type") != "markdown"
            or marker_of(prompt).get(PROMPT_KEY) != question_id):
        raise ManualQuestionError(f"{at}: the answer cell of {question_id} must follow its prompt, a markdown cell "
                                  f"with metadata autograder.prompt = {question_id!r}")
    attachments = prompt.get("attachments")
    return ManualQuestion(id=question_id, points=float(points), prompt=cell_text(prompt),
                          prompt_attachments=attachments if isinstance(attachments, Mapping) else {})


def read_questions(notebook_path: Path) -> list[ManualQuestion]:
    """The manual questions of the assignment notebook at ``notebook_path`` (a trusted, course-authored file)."""
    notebook_path = Path(notebook_path)
    with open(notebook_path, encoding="utf-8") as file:
        notebook = json.load(file)
    return questions_in(notebook, where=notebook_path.name)


def manual_points(notebook_path: Path) -> dict[str, float]:
    """Points per manual question, in notebook order; empty for a notebook without any."""
    return {question.id: question.points for question in read_questions(notebook_path)}
