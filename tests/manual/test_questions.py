"""The manual questions of an assignment notebook: read in order with their points, or the author told what is wrong."""

from __future__ import annotations

import copy

import pytest

from autograder.manual.questions import ManualQuestionError, manual_points, questions_in, read_questions

from .notebooks import answer_cell, as_dict, assignment_notebook, prompt_cell, write


def test_questions_are_read_in_notebook_order_with_points_and_prompts():
    questions = questions_in(as_dict(assignment_notebook()))
    assert [(q.id, q.points) for q in questions] == [("1a", 2.0), ("2b", 1.5)]
    assert questions[0].prompt.startswith("**1a** Why does a skip connection")
    assert [q.label for q in questions] == ["1a (2 pts)", "2b (1.5 pts)"]


def test_points_per_question_from_the_file(tmp_path):
    path = write(assignment_notebook(), tmp_path / "tiny.ipynb")
    assert manual_points(path) == {"1a": 2.0, "2b": 1.5}
    assert [q.id for q in read_questions(path)] == ["1a", "2b"]


def test_a_notebook_without_manual_questions_has_none():
    notebook = assignment_notebook({})
    assert questions_in(as_dict(notebook)) == []


def _broken(edit) -> dict:
    notebook = as_dict(assignment_notebook())
    edit(notebook["cells"])
    return notebook


def _swap_prompt_and_answer(cells):
    cells[2], cells[3] = cells[3], cells[2]


def _second_answer_for_1a(cells):
    cells[4:6] = [prompt_cell("1a", "again"), answer_cell("1a", 1)]


BROKEN = {
    "answer cell not right after its prompt": _swap_prompt_and_answer,
    "answer cell already holds an answer": lambda cells: cells[3].update(source="the teacher's answer"),
    "answer cell is a code cell": lambda cells: cells[3].update(cell_type="code", outputs=[], execution_count=None),
    "no points": lambda cells: cells[3]["metadata"]["autograder"].pop("points"),
    "negative points": lambda cells: cells[3]["metadata"]["autograder"].update(points=-1),
    "points as text": lambda cells: cells[3]["metadata"]["autograder"].update(points="2"),
    "points as a boolean": lambda cells: cells[3]["metadata"]["autograder"].update(points=True),
    "an id with a slash": lambda cells: (cells[2]["metadata"]["autograder"].update(prompt="../1a"),
                                         cells[3]["metadata"]["autograder"].update(manual="../1a")),
    "a prompt whose answer cell is missing": lambda cells: cells.pop(3),
    "two questions with one id": _second_answer_for_1a,
}


@pytest.mark.parametrize("edit", BROKEN.values(), ids=BROKEN.keys())
def test_a_notebook_that_breaks_the_convention_is_refused_with_the_cell(edit):
    with pytest.raises(ManualQuestionError, match=r"cell \d+|unique"):
        questions_in(_broken(edit), where="tiny.ipynb")


def test_a_students_working_copy_is_read_leniently():
    """The student's copy has answers written in, and maybe a broken question: the rest is still read."""
    notebook = _broken(lambda cells: (cells[3].update(source="My answer."), cells[5]["metadata"]["autograder"]
                                      .update(points="lots")))
    assert [q.id for q in questions_in(notebook, strict=False)] == ["1a"]
    with pytest.raises(ManualQuestionError):
        questions_in(copy.deepcopy(notebook))

