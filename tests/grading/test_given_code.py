"""A slip in the code the assignment gave never costs points, and the student is told it was not used."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

import pytest

from autograder.assignment import load_assignment
from autograder.grading.grade import grade_submission
from autograder.report.results import build_results

EXAM_NETWORK = '''
import torch
from torch import nn

class MyPredictionNet(nn.Module):
    def __init__(self):
        super(MyPredictionNet, self).__init__()
        self.block1 = nn.Conv2d(3, out_channels=8, kernel_size=5)
        self.block2 = nn.Conv2d(8, out_channels=8, kernel_size=5)
        self.block3 = nn.Conv2d(8, out_channels=32, kernel_size=3)
        self.block4 = nn.Conv2d(32, out_channels=32, kernel_size=3)
        self.block5 = nn.Conv2d(32, out_channels=32, kernel_size=3)
        self.block6 = nn.Conv2d(32, out_channels=32, kernel_size=3)
        self.somepooling = torch.nn.AdaptiveAvgPool2d(output_size=1)
        self.fc = nn.Linear(32, 10)
'''


def edited(tmp_path: Path, name: str, cell_id: str, edit: Callable[[dict], dict | None]) -> Path:
    """The assignment's correct example with one cell edited (or deleted when ``edit`` returns None)."""
    notebook = json.loads((load_assignment(name).examples / "correct.ipynb").read_text())
    cells = []
    for cell in notebook["cells"]:
        cell = edit(cell) if cell.get("id") == cell_id else cell
        if cell is not None:
            cells.append(cell)
    notebook["cells"] = cells
    path = tmp_path / f"{name}.ipynb"
    path.write_text(json.dumps(notebook))
    return path


def source_edit(old: str, new: str) -> Callable[[dict], dict]:
    def edit(cell: dict) -> dict:
        source = "".join(cell["source"])
        assert old in source
        return {**cell, "source": source.replace(old, new)}
    return edit


def drop_metadata(edit: Callable[[dict], dict]) -> Callable[[dict], dict]:
    """As Colab or a copy into a fresh notebook leaves it: the cell's markings are gone."""
    return lambda cell: {**edit(cell), "metadata": {}}


CASES = {
    "a changed channel count": ("optimizer_params", "24e2db1b",
                                source_edit("self.block4 = conv_block(8, 8)", "self.block4 = conv_block(8, 16)")),
    "the exam's network pasted over it": ("optimizer_params", "24e2db1b",
                                          lambda cell: {**cell, "source": EXAM_NETWORK}),
    "the given cell deleted": ("optimizer_params", "24e2db1b", lambda cell: None),
    "the markings lost and a block changed": ("optimizer_params", "24e2db1b", drop_metadata(
        source_edit("self.fc = nn.Linear(8, num_classes)", "self.fc = nn.Linear(8, 10)"))),
    "a completed class with its given __init__ changed": ("residual", "8bad88e3",
                                                         source_edit("conv_block(channels)", "nn.Identity()")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_given_code_changed_by_the_student_still_earns_full_marks(case, tmp_path, worker):
    name, cell_id, edit = CASES[case]
    assignment = load_assignment(name)
    graded = grade_submission(assignment, edited(tmp_path, name, cell_id, edit), worker)
    assert graded.score == graded.max_score == 20, [o.output for o in graded.outcomes if o.score < o.max_score]
    output = build_results(graded)["output"]
    assert "Given code:" in output and "given" in output.split("Given code:", 1)[1]
    assert build_results(graded)["extra_data"]["given_code"] == graded.given_code


def test_an_untouched_given_cell_gets_no_note(tmp_path, worker):
    assignment = load_assignment("residual")
    graded = grade_submission(assignment, assignment.examples / "correct.ipynb", worker)
    assert graded.score == 20 and graded.given_code == []
    assert "Given code:" not in build_results(graded)["output"]
