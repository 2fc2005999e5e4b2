"""Given code never counts, however the student's notebook holds it; code the student adds always does.

On the residual assignment, whose given cell ``subnet`` has one method the student writes
(``"student": ["SubNet.forward"]``) and whose ``blocks`` cell is given whole.
"""

from __future__ import annotations

import json

import pytest

from autograder.assignment import load_assignment
from autograder.similarity import find_similarity

FORWARD = '''    def forward(self, x: Tensor) -> Tensor:
        h = self.convblock3(self.convblock17(x))
        skip = h
        h = self.convblock9(self.convblock11(self.strangeblock1(h)))
        return self.convblock81(self.strangeblock2(h + skip))
'''
HELPER = '''

def count_parameters(module):
    total = 0
    for parameter in module.parameters():
        if parameter.requires_grad:
            total += parameter.numel()
    return total
'''


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.fixture(scope="module")
def residual_units(tmp_path_factory) -> dict[str, dict[str, int]]:
    """{submission: {unit name: fingerprints of that unit}} for three versions of the residual notebook."""
    assignment = load_assignment("residual")
    folder = tmp_path_factory.mktemp("residual")
    original = json.loads(assignment.notebook_path.read_text(encoding="utf-8"))

    def write(name: str, edit) -> None:
        notebook = json.loads(json.dumps(original))
        for cell in notebook["cells"]:
            given = (cell.get("metadata", {}).get("autograder") or {}).get("given")
            cell["source"] = edit(given, source(cell))
        (folder / f"{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")

    def forward_only(given: str | None, text: str) -> str:
        if given == "subnet":
            return text[:text.index("    def forward")] + FORWARD
        return text

    def edited_given(given: str | None, text: str) -> str:
        if given == "blocks":  # the student changes given code and adds a function of their own to the cell
            return text.replace("nn.ReLU(),", "nn.ReLU(inplace=False),  # my change") + HELPER
        return forward_only(given, text)

    write("untouched", lambda given, text: text)
    write("forward_only", forward_only)
    write("edited_given", edited_given)
    result = find_similarity(assignment, [folder])
    found = {}
    for index, entry in enumerate(result.compared):
        counts = {unit.name: 0 for unit in entry.units}
        for places in entry.prints.positions.values():
            for unit, _ in places:
                counts[entry.units[unit].name] += 1
        found[entry.key] = counts
    return found


def test_an_untouched_notebook_has_no_code_of_its_own(residual_units):
    assert residual_units["untouched"] == {}


def test_the_method_the_student_completes_in_a_given_class_counts_and_nothing_else_of_that_class(residual_units):
    assert set(residual_units["forward_only"]) == {"SubNet.forward"}
    assert residual_units["forward_only"]["SubNet.forward"] > 0, "the reference's own forward is not subtracted"


def test_changed_given_code_does_not_count_but_a_function_added_to_a_given_cell_does(residual_units):
    assert set(residual_units["edited_given"]) == {"SubNet.forward", "count_parameters"}
    assert residual_units["edited_given"]["count_parameters"] > 0
