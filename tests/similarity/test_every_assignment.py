"""For every assignment of the course: its untouched example has no code of its own, so it scores 0 with everyone."""

from __future__ import annotations

import pytest

from autograder.assignment import list_assignments, load_assignment
from autograder.similarity import find_similarity


@pytest.mark.parametrize("name", list_assignments())
def test_the_untouched_example_has_no_code_of_its_own(name):
    assignment = load_assignment(name)
    examples = [assignment.examples / f"{example}.ipynb" for example in ("untouched", "correct")]
    if not all(path.is_file() for path in examples):
        pytest.skip(f"{name} has no untouched and correct examples")
    result = find_similarity(assignment, examples)
    by_key = {entry.key: entry for entry in result.compared}
    assert [unit.name for unit in by_key["untouched"].units] == []
    assert by_key["correct"].prints.positions, "the correct example is the student's code, and it is fingerprinted"
    assert [pair.similarity for pair in result.pairs] == [0.0]
