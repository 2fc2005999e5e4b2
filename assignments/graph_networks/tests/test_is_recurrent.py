"""Public tests for is_recurrent: Exercise 8b's diagonal, and a longer cycle."""

import pytest
import torch
from autograder.compare import assert_equal

# Exercise 8's table with F's row of zeros added: S, A, B, C, D, E, F are the neurons 0 to 6.
EXAM_TABLE = torch.tensor(
    [
        [0, 1, 1, 0, 0, 1, 0],
        [0, 0, 1, 1, 0, 1, 0],
        [0, 0, 0, 1, 0, 1, 0],
        [0, 0, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 0, 1, 1],
        [0, 0, 0, 0, 0, 0, 1],
        [0, 0, 0, 0, 0, 0, 0],
    ]
)


@pytest.mark.points(0.5, visibility="visible")
def test_ones_on_the_diagonal_make_the_exam_network_recurrent(submission):
    assert_equal(submission.is_recurrent(EXAM_TABLE), False, what="is_recurrent(EXAM_TABLE)")
    with_diagonal = EXAM_TABLE + torch.eye(7, dtype=torch.int64)
    assert_equal(submission.is_recurrent(with_diagonal), True, what="is_recurrent(EXAM_TABLE + torch.eye(7))")


@pytest.mark.points(0.5, visibility="visible")
def test_a_longer_cycle_is_recurrent_too(submission):
    chain = torch.zeros(4, 4, dtype=torch.bool)
    chain[0, 1] = chain[1, 2] = chain[2, 3] = True  # 0 -> 1 -> 2 -> 3
    assert_equal(submission.is_recurrent(chain), False, what="is_recurrent of the chain 0 -> 1 -> 2 -> 3")
    loop = chain.clone()
    loop[3, 1] = True  # 1 -> 2 -> 3 -> 1
    assert_equal(submission.is_recurrent(loop), True, what="is_recurrent of 0 -> 1 -> 2 -> 3 -> 1")
