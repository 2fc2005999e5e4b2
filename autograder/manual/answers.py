"""A student's answers to the manual questions, found in a submitted notebook.

Answers are matched by the answer cell's metadata id; where a tool dropped the metadata (a copy
into a fresh notebook, some editors), by position: the markdown cell right after the cell whose
text is the assignment's prompt. An answer that is missing, empty or still ``YOUR ANSWER HERE``
is unanswered. Everything read here is the student's: it is data to show, never to trust.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from autograder.ingest.archive import read_notebook_from_zip
from autograder.ingest.limits import MAX_CELLS, MAX_SUBMISSION_BYTES, describe_size
from autograder.ingest.model import IngestError
from autograder.ingest.notebook import _check_json_structure  # the one rule for JSON a notebook may hold
from autograder.ingest.text import decode_text, normalise_newlines
from autograder.manual.questions import (MANUAL_KEY, PLACEHOLDER, ManualQuestion, cell_text, is_placeholder,
                                         marker_of)

METADATA, POSITION, NOT_FOUND = "metadata", "position", "not found"


@dataclass(frozen=True)
class Answer:
    """What the student wrote for one question (``text`` None when no answer cell was found)."""

    question: ManualQuestion
    text: str | None
    attachments: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)
    found_by: str = NOT_FOUND

    @property
    def answered(self) -> bool:
        return self.text is not None and not is_placeholder(self.text)

    @property
    def body(self) -> str:
        """The answer without a leading ``YOUR ANSWER HERE`` line the student wrote below and left in place."""
        text = self.text or ""
        first, _, rest = text.lstrip().partition("\n")
        return rest.lstrip("\n") if first.strip() == PLACEHOLDER and rest.strip() else text


def match_answers(questions: Iterable[ManualQuestion], cells: list[Any]) -> list[Answer]:
    """One :class:`Answer` per question, in the questions' order, from a student notebook's cells."""
    questions = list(questions)
    markdown = [(i, cell) for i, cell in enumerate(cells)
                if isinstance(cell, Mapping) and cell.get("cell_type") == "markdown"]
    prompts = {_normalised(q.prompt) for q in questions}
    answers = []
    for question in questions:
        answer = _by_metadata(question, markdown) or _by_position(question, cells, prompts)
        answers.append(answer or Answer(question, None))
    return answers


def _by_metadata(question: ManualQuestion, markdown: list[tuple[int, Mapping]]) -> Answer | None:
    """The first answered cell marked with the question's id (a student may have duplicated it), else the first."""
    marked = [cell for _, cell in markdown if marker_of(cell).get(MANUAL_KEY) == question.id]
    if not marked:
        return None
    chosen = next((cell for cell in marked if not is_placeholder(cell_text(cell))), marked[0])
    return Answer(question, cell_text(chosen), _attachments(chosen), METADATA)


def _by_position(question: ManualQuestion, cells: list[Any], prompts: set[str]) -> Answer | None:
    """The markdown cell right after a cell whose text is the prompt, unless that cell is itself a prompt."""
    wanted = _normalised(question.prompt)
    for index, cell in enumerate(cells[:-1]):
        if not isinstance(cell, Mapping) or _normalised(cell_text(cell)) != wanted:
            continue
        following = cells[index + 1]
        if (isinstance(following, Mapping) and following.get("cell_type") == "markdown"
                and _normalised(cell_text(following)) not in prompts):
            return Answer(question, cell_text(following), _attachments(following), POSITION)
    return None


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in normalise_newlines(text).strip().splitlines())


def _attachments(cell: Mapping[str, Any]) -> Mapping[str, Any]:
    attachments = cell.get("attachments")
    return attachments if isinstance(attachments, Mapping) else {}


# ------------------------------------------------------------------------------- reading a submission


def read_cells(path: Path, expected_name: str | None = None) -> list[Any]:
    """The cells of the submitted notebook at ``path`` (``.ipynb``, or the notebook in a ``.zip``).

    Code cells lose their stored outputs (never shown); markdown cells keep their attachments
    (images in answers). Raises :class:`IngestError` for what cannot be read, with the reason; a
    ``.py`` script has no markdown cells, so it has no answers (an empty list).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".py":
        return []
    if suffix == ".zip":
        member = read_notebook_from_zip(path, expected_name)
        data, name = member.data, f"{path.name}:{member.name}"
    else:
        size = path.stat().st_size
        if size > MAX_SUBMISSION_BYTES:
            raise IngestError(f"{path.name} is {describe_size(size)}, over the "
                              f"{describe_size(MAX_SUBMISSION_BYTES)} limit")
        data, name = path.read_bytes(), path.name
    if Path(name).suffix.lower() == ".py":
        return []
    return notebook_cells(data, name)


def notebook_cells(data: bytes, name: str) -> list[Any]:
    """Parse notebook bytes down to its list of cells (nbformat 4; older formats are converted)."""
    text = decode_text(data, name, kind="notebook")
    _check_json_structure(text, name)
    counter = _CellCounter()
    try:
        raw = json.loads(text, object_hook=counter)
    except json.JSONDecodeError as error:
        raise IngestError(f"{name} is not valid notebook JSON ({error.msg} at line {error.lineno})") from None
    except RecursionError:
        raise IngestError(f"{name} is nested too deeply to be a notebook") from None
    except _TooManyCells:
        raise IngestError(f"{name} has more than {MAX_CELLS:,} cells") from None
    if not isinstance(raw, dict):
        raise IngestError(f"{name} is JSON but not a notebook")
    if raw.get("nbformat") == 4:
        cells = raw.get("cells")
    else:
        cells = _converted_cells(raw, name)
    if not isinstance(cells, list):
        raise IngestError(f"{name} has no list of cells")
    return cells


def _converted_cells(raw: dict[str, Any], name: str) -> Any:
    import nbformat  # noqa: PLC0415 - only for notebooks older than format 4

    try:
        major, minor = nbformat.reader.get_version(raw)
        notebook = nbformat.versions[major].to_notebook_json(raw, minor=minor)
        return nbformat.convert(notebook, 4).get("cells")
    except Exception as error:  # noqa: BLE001 - any failure to convert is a notebook that cannot be read
        raise IngestError(f"{name} could not be read as a notebook ({type(error).__name__})") from None


class _TooManyCells(Exception):
    pass


class _CellCounter:
    """json ``object_hook``: count cells (refusing too many) and drop code cells' stored outputs."""

    def __init__(self) -> None:
        self.cells = 0

    def __call__(self, obj: dict[str, Any]) -> dict[str, Any]:
        if "cell_type" in obj:
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise _TooManyCells
            if obj.get("cell_type") == "code":
                obj["outputs"] = []
        return obj


def student_answers(questions: Iterable[ManualQuestion], path: Path, expected_name: str | None = None) -> list[Answer]:
    """The answers in the submission at ``path`` (see :func:`read_cells` for what it raises)."""
    return match_answers(questions, read_cells(path, expected_name))
