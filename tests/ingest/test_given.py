"""The assignment's given code runs whatever the student did to their copy of it."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from autograder.errors import GraderError
from autograder.ingest.given import INSERTED_CELL_NUMBER, GivenCell, GivenCode, read_given_code, restore_given
from autograder.ingest.model import CodeCell

IMPORTS = "import torch\nfrom torch import nn\n"
NET = textwrap.dedent('''
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(8, 3)

        def forward(self, x):
            return self.fc(x)
''').lstrip()
SUBNET = textwrap.dedent('''
    class SubNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(4, 4)

        def forward(self, x):
            """Add the skip."""
            # YOUR CODE HERE
            raise NotImplementedError
''').lstrip()
GIVEN = GivenCode((GivenCell("imports", IMPORTS), GivenCell("net", NET),
                   GivenCell("subnet", SUBNET, ("SubNet.forward",))))
ANSWER = "def make(net):\n    return [p for p in net.parameters()]\n"


def run(*cells: tuple[str, str | None]) -> tuple[list[str], list[str]]:
    restored = restore_given([CodeCell(n, source, given) for n, (source, given) in enumerate(cells, start=1)], GIVEN)
    return [cell.source for cell in restored.cells], restored.notes


def namespace(sources: list[str]) -> dict:
    scope: dict = {}
    for source in sources:
        exec(compile(source, "<cell>", "exec"), scope)  # noqa: S102 - test code, not a submission
    return scope


def test_an_untouched_notebook_runs_as_it_is_with_no_note():
    cells = [(IMPORTS, "imports"), (NET, "net"), (SUBNET, "subnet"), (ANSWER, None)]
    sources, notes = run(*cells)
    assert sources == [source for source, _ in cells]
    assert notes == []


def test_a_changed_given_cell_is_restored_and_named_in_a_note():
    changed = NET.replace("nn.Linear(8, 3)", "nn.Linear(8, 5)")
    sources, notes = run((IMPORTS, "imports"), (changed, "net"), (SUBNET, "subnet"), (ANSWER, None))
    assert sources[1] == NET
    assert len(notes) == 1 and "Cell 2" in notes[0] and "given" in notes[0] and "'net'" in notes[0]


def test_a_comment_or_spacing_change_is_not_a_change():
    sources, notes = run((IMPORTS + "# my note\n\n", "imports"), (NET, "net"), (SUBNET, "subnet"))
    assert notes == []


def test_a_deleted_given_cell_is_put_back_where_it_stood():
    sources, notes = run((IMPORTS, "imports"), (SUBNET, "subnet"), (ANSWER, None))
    assert sources == [IMPORTS, NET, SUBNET, ANSWER]
    assert len(notes) == 1 and "'net'" in notes[0] and "missing" in notes[0] and "given" in notes[0]


def test_a_deleted_first_cell_goes_first():
    restored = restore_given([CodeCell(1, NET, "net"), CodeCell(2, SUBNET, "subnet")], GIVEN)
    assert [c.source for c in restored.cells] == [IMPORTS, NET, SUBNET]
    assert restored.cells[0].number == INSERTED_CELL_NUMBER


def test_without_metadata_a_given_class_is_recognised_by_its_name():
    pasted = "import torch.nn as nn\n\nclass Net(nn.Module):\n    pass\n\n" + ANSWER
    sources, notes = run((pasted, None))
    scope = namespace(sources)
    assert scope["Net"]().fc.out_features == 3, "the given Net replaced the pasted one"
    assert "make" in scope, "the student's own function in the same cell is kept"
    assert any("'net'" in note for note in notes)


def test_student_functions_written_into_a_given_cell_are_kept_after_the_given_code():
    sources, notes = run((IMPORTS, "imports"), (NET.replace("3)", "4)") + "\n" + ANSWER, "net"), (SUBNET, "subnet"))
    scope = namespace(sources)
    assert scope["Net"]().fc.out_features == 3 and "make" in scope
    assert len(notes) == 1


def test_a_completed_class_keeps_the_students_methods_and_the_given_rest():
    student = SUBNET.replace("nn.Linear(4, 4)", "nn.Linear(4, 9)").replace(
        '        """Add the skip."""\n        # YOUR CODE HERE\n        raise NotImplementedError',
        "      return x + self.helper(x)\n\n    def helper(self, x):\n      return self.a(x)")
    sources, notes = run((IMPORTS, "imports"), (NET, "net"), (student, "subnet"))
    scope = namespace(sources)
    net = scope["SubNet"]()
    assert net.a.out_features == 4, "the given __init__ runs"
    x = scope["torch"].ones(2, 4)
    assert scope["torch"].equal(net(x), x + net.a(x)), "the student's forward and helper run"
    assert len(notes) == 1 and "'subnet'" in notes[0]


def test_a_completed_class_with_only_its_own_methods_written_is_no_change():
    student = SUBNET.replace("        # YOUR CODE HERE\n        raise NotImplementedError", "        return x")
    sources, notes = run((IMPORTS, "imports"), (NET, "net"), (student, "subnet"))
    assert notes == []
    assert namespace(sources)["SubNet"]()(3) == 3


def test_a_given_cell_that_no_longer_parses_is_restored():
    sources, notes = run((IMPORTS, "imports"), ("class Net(nn.Module:\n", "net"), (SUBNET, "subnet"))
    assert sources[1] == NET and len(notes) == 1


def test_a_broken_answer_cell_stays_for_the_student_to_see():
    sources, _ = run((IMPORTS, "imports"), (NET, "net"), (SUBNET, "subnet"), ("def make(:\n", None))
    assert sources[-1] == "def make(:\n"


def test_an_unknown_given_id_is_treated_as_the_students_own_cell():
    sources, notes = run((IMPORTS, "imports"), (NET, "net"), (SUBNET, "subnet"), (ANSWER, "made-up"))
    assert sources[-1] == ANSWER and notes == []


def notebook(tmp_path: Path, *cells: dict) -> Path:
    path = tmp_path / "a.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": f"c{i}", "metadata": meta, "source": src, "outputs": [], "execution_count": None}
        for i, (src, meta) in enumerate(cells)]}))
    return path


def test_the_assignment_notebook_is_the_source_of_the_given_code(tmp_path):
    path = notebook(tmp_path, (IMPORTS, {"autograder": {"given": "imports"}}), (ANSWER, {}),
                    (SUBNET, {"autograder": {"given": "subnet", "student": ["SubNet.forward"]}}))
    given = read_given_code(path)
    assert [(c.id, c.names, c.student) for c in given.cells] == [
        ("imports", (), ()), ("subnet", ("SubNet",), ("SubNet.forward",))]


@pytest.mark.parametrize("cells, problem", [
    (((NET, {"autograder": {"given": "a"}}), (NET, {"autograder": {"given": "a"}})), "share an id"),
    (((NET, {"autograder": {"given": "a"}}), (NET, {"autograder": {"given": "b"}})), "two given cells"),
    (((NET, {"autograder": {"given": "a", "student": ["Net.backward"]}}),), "does not define"),
    ((("def f(:", {"autograder": {"given": "a"}}),), "not valid Python"),
])
def test_a_wrong_marking_is_the_course_authors_error(tmp_path, cells, problem):
    with pytest.raises(GraderError, match=problem):
        read_given_code(notebook(tmp_path, *cells))


def test_a_course_without_a_notebook_gives_no_code(tmp_path):
    assert read_given_code(tmp_path / "missing.ipynb").cells == ()
