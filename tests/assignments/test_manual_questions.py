"""Every assignment's written (manual) questions follow the convention, and the teacher's answers stay hidden.

The teacher's answer to each question lives in the reference solution's ``TEACHER_ANSWERS`` (read
here from its source, without importing it), never in what students get: the notebook and the
example submissions must hold no run of seven consecutive words of it.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from autograder.assignment import list_assignments, load_assignment
from autograder.manual.answers import student_answers
from autograder.manual.questions import PLACEHOLDER, read_questions

ASSIGNMENTS = list_assignments()
WITH_QUESTIONS = [name for name in ASSIGNMENTS if read_questions(load_assignment(name).notebook_path)]
MIN_ANSWER_CHARS = 25
RUN_WORDS = 7


def teacher_answers(name: str) -> dict[str, str]:
    """``TEACHER_ANSWERS`` from the reference's source: a module-level dict of string literals."""
    tree = ast.parse(load_assignment(name).reference_path.read_text())
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else (node.targets[0] if isinstance(node, ast.Assign)
                                                                      and len(node.targets) == 1 else None)
        if isinstance(target, ast.Name) and target.id == "TEACHER_ANSWERS":
            return ast.literal_eval(node.value)
    return {}


def fragments(answer: str) -> set[str]:
    """Every run of :data:`RUN_WORDS` consecutive words of the answer: a copied half-sentence is caught too."""
    words = words_of(answer)
    return {" ".join(words[i:i + RUN_WORDS]) for i in range(max(0, len(words) - RUN_WORDS + 1))} or {" ".join(words)}


def words_of(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def student_files(name: str) -> list[Path]:
    assignment = load_assignment(name)
    return [assignment.notebook_path, *sorted(assignment.examples.glob("*.ipynb"))]


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_the_notebooks_manual_questions_follow_the_convention(name):
    read_questions(load_assignment(name).notebook_path)  # raises ManualQuestionError naming the cell


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_manual_question_has_a_teacher_answer_and_no_answer_is_for_another(name):
    asked = [q.id for q in read_questions(load_assignment(name).notebook_path)]
    answers = teacher_answers(name)
    assert sorted(answers) == sorted(asked), (
        f"reference_solutions/{name}.py TEACHER_ANSWERS must answer exactly the notebook's manual questions {asked}")
    assert all(isinstance(text, str) and len(text.strip()) >= MIN_ANSWER_CHARS for text in answers.values())


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_no_teacher_answer_appears_in_the_notebook_or_an_example(name):
    answers = teacher_answers(name)
    for path in student_files(name):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = " ".join(words_of(" ".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                                          for c in cells)))
        for question, answer in answers.items():
            leaked = sorted(f for f in fragments(answer) if f in text)
            assert not leaked, f"{path} holds the teacher's answer to {question}: {leaked}"


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_examples_keep_the_answer_cells_and_the_untouched_one_answers_nothing(name):
    assignment = load_assignment(name)
    questions = read_questions(assignment.notebook_path)
    for path in sorted(assignment.examples.glob("*.ipynb")):
        answers = student_answers(questions, path, assignment.notebook)
        assert all(a.found_by == "metadata" for a in answers), f"{path}: an answer cell lost its metadata"
        if path.name == "untouched.ipynb":
            assert not any(a.answered for a in answers), f"{path} must still say {PLACEHOLDER}"
    correct = student_answers(questions, assignment.examples / "correct.ipynb", assignment.notebook)
    assert all(a.answered for a in correct), "examples/correct.ipynb answers every written question"


WITHOUT_QUESTIONS = {"conv_arithmetic"}  # the exam's Exercise 5 is two computations: the code is the whole answer
MIN_QUESTIONS_IN_ALL = 12  # issue 14


@pytest.mark.parametrize("name", sorted(set(ASSIGNMENTS) - WITHOUT_QUESTIONS))
def test_every_exam_assignment_asks_written_questions(name):
    assert read_questions(load_assignment(name).notebook_path), (
        f"{name}.ipynb asks none of the exam's written questions (a prompt cell followed by a {PLACEHOLDER} cell)")


def test_the_course_asks_at_least_twelve_written_questions():
    asked = {name: [q.id for q in read_questions(load_assignment(name).notebook_path)] for name in ASSIGNMENTS}
    assert sum(map(len, asked.values())) >= MIN_QUESTIONS_IN_ALL, asked


def cells_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("name", WITH_QUESTIONS)
def test_examples_ask_the_notebooks_questions_where_it_does_and_untouched_is_the_notebook(name):
    assignment = load_assignment(name)
    notebook = cells_of(assignment.notebook_path)
    prompts = [(i, c) for i, c in enumerate(notebook) if "prompt" in c["metadata"].get("autograder", {})]
    for path in sorted(assignment.examples.glob("*.ipynb")):
        example = cells_of(path)
        if path.name == "untouched.ipynb":
            assert example == notebook, f"{path} must be the student notebook as handed out"
            continue
        for index, prompt in prompts:
            where = [i for i, c in enumerate(example) if c.get("id") == prompt["id"]]
            assert len(where) == 1, f"{path} lacks the prompt of {prompt['metadata']['autograder']['prompt']}"
            at = where[0]
            assert example[at] == prompt, f"{path}: the prompt cell {prompt['id']} differs from the notebook's"
            assert example[at - 1].get("id") == notebook[index - 1]["id"], f"{path}: {prompt['id']} moved"
            assert example[at + 1]["metadata"] == notebook[index + 1]["metadata"], (
                f"{path}: the answer cell after {prompt['id']} is not the notebook's (id, points)")
