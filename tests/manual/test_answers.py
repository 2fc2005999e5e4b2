"""A student's written answers: found by the cell's metadata, or by position when a tool lost it; hostile input is data."""

from __future__ import annotations

import json
import zipfile

import nbformat
import pytest

from autograder.ingest import IngestError
from autograder.manual.answers import METADATA, NOT_FOUND, POSITION, match_answers, read_cells, student_answers
from autograder.manual.questions import questions_in

from .notebooks import PLACEHOLDER, answered, as_dict, assignment_notebook, write

ANSWERS = {"1a": "The identity path carries the gradient past the block.", "2b": "Validation loss rises."}


@pytest.fixture
def questions():
    return questions_in(as_dict(assignment_notebook()))


def found(answers):
    return {a.question.id: (a.answered, a.found_by, a.body) for a in answers}


def test_answers_are_matched_by_the_answer_cells_metadata(questions):
    cells = as_dict(answered(assignment_notebook(), ANSWERS))["cells"]
    assert found(match_answers(questions, cells)) == {q: (True, METADATA, text) for q, text in ANSWERS.items()}


def test_without_metadata_the_cell_right_after_the_prompt_is_the_answer(questions):
    cells = as_dict(answered(assignment_notebook(), ANSWERS, drop_metadata=True))["cells"]
    assert found(match_answers(questions, cells)) == {q: (True, POSITION, text) for q, text in ANSWERS.items()}


def test_an_untouched_or_emptied_answer_cell_is_unanswered(questions):
    cells = as_dict(answered(assignment_notebook(), {"2b": "   \n"}))["cells"]
    result = found(match_answers(questions, cells))
    assert result["1a"][:2] == (False, METADATA) and result["2b"][:2] == (False, METADATA)


def test_a_deleted_answer_cell_is_unanswered_and_the_next_prompt_is_not_taken_for_it(questions):
    notebook = as_dict(answered(assignment_notebook(), ANSWERS, drop_metadata=True))
    del notebook["cells"][3]  # 1a's answer: now 2b's prompt follows 1a's prompt
    result = found(match_answers(questions, notebook["cells"]))
    assert result["1a"] == (False, NOT_FOUND, "")
    assert result["2b"][:2] == (True, POSITION)


def test_the_placeholder_line_left_above_an_answer_is_not_part_of_it(questions):
    cells = as_dict(answered(assignment_notebook(), {"1a": f"{PLACEHOLDER}\n\nMy real answer."}))["cells"]
    answer = match_answers(questions, cells)[0]
    assert answer.answered and answer.body == "My real answer."


def test_a_duplicated_answer_cell_the_filled_in_copy_counts(questions):
    notebook = as_dict(answered(assignment_notebook(), {}))
    copy_of_answer = json.loads(json.dumps(notebook["cells"][3]))
    copy_of_answer["source"] = "Filled in the copy."
    notebook["cells"].insert(4, copy_of_answer)
    assert match_answers(questions, notebook["cells"])[0].body == "Filled in the copy."


HOSTILE_METADATA = [None, "manual", 7, ["1a"], {"manual": ["1a"]}, {"manual": {"id": "1a"}}]


@pytest.mark.parametrize("metadata", HOSTILE_METADATA, ids=[repr(m) for m in HOSTILE_METADATA])
def test_metadata_of_any_shape_is_data_not_a_crash(questions, metadata):
    notebook = as_dict(answered(assignment_notebook(), ANSWERS))
    notebook["cells"][3]["metadata"] = {"autograder": metadata}
    notebook["cells"].append("not a cell at all")
    assert found(match_answers(questions, notebook["cells"]))["1a"][:2] == (True, POSITION)


def test_answers_are_read_from_a_notebook_file_a_zip_and_not_from_a_script(questions, tmp_path):
    path = write(answered(assignment_notebook(), ANSWERS), tmp_path / "tiny.ipynb")
    with zipfile.ZipFile(tmp_path / "tiny-submission.zip", "w") as archive:
        archive.write(path, "tiny.ipynb")
        archive.writestr("tiny-answers.pdf", b"%PDF-1.4 not read")
    script = tmp_path / "tiny.py"
    script.write_text("def double(x):\n    return 2 * x\n")
    assert all(a.answered for a in student_answers(questions, path))
    assert all(a.answered for a in student_answers(questions, tmp_path / "tiny-submission.zip", "tiny.ipynb"))
    assert not any(a.answered for a in student_answers(questions, script))


def test_an_old_format_notebook_is_converted(questions, tmp_path):
    v3 = nbformat.convert(answered(assignment_notebook(), ANSWERS, drop_metadata=True), 3)
    path = tmp_path / "old.ipynb"
    nbformat.write(v3, path, version=3)
    assert [a.answered for a in student_answers(questions, path)] == [True, True]


@pytest.mark.parametrize(("content", "message"), [
    (b"{not json", "not valid notebook JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply|JSON objects and lists"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG"),
    (json.dumps({"nbformat": 4, "cells": [{"cell_type": "markdown", "source": ""}] * 10_001}).encode(), "cells"),
], ids=["broken JSON", "deep nesting", "an image", "too many cells"])
def test_an_unreadable_notebook_raises_an_ingest_error_that_says_why(tmp_path, content, message):
    path = tmp_path / "bad.ipynb"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=message):
        read_cells(path)
