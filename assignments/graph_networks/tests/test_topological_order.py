"""Public tests for topological_order: the exam's table, the smallest ready neuron first, and cycles."""


import pytest
import torch
from autograder.compare import assert_equal, assert_raises

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


def small_graph(dtype=torch.bool) -> torch.Tensor:
    """2, 3 and 4 have no inputs; 3 -> 1; 2 -> 0 and 4 -> 0."""
    adjacency = torch.zeros(5, 5, dtype=dtype)
    for i, k in [(3, 1), (2, 0), (4, 0)]:
        adjacency[i, k] = 1
    return adjacency


@pytest.mark.points(0.5, visibility="visible")
def test_the_exam_table_gives_s_a_b_c_d_e_f(submission):
    assert_equal(submission.topological_order(EXAM_TABLE), [0, 1, 2, 3, 4, 5, 6], what="topological_order(EXAM_TABLE)")
    # The same network numbered backwards (F = 0, ..., S = 6), as a float tensor.
    backwards = EXAM_TABLE.flip(0).flip(1).float()
    assert_equal(submission.topological_order(backwards), [6, 5, 4, 3, 2, 1, 0],
                 what="topological_order of the exam's table numbered backwards")


@pytest.mark.points(0.5, visibility="visible")
def test_the_smallest_ready_neuron_goes_first(submission):
    # Ready at first: 2, 3, 4. Take 2; take 3, which makes 1 ready; 1 < 4, so 1 comes before 4; then 4 and 0.
    assert_equal(submission.topological_order(small_graph()), [2, 3, 1, 4, 0], what="topological_order(small_graph())")


@pytest.mark.points(0.5, visibility="visible")
def test_a_cycle_raises_value_error(submission):
    assert_equal(submission.topological_order(small_graph(torch.int64)), [2, 3, 1, 4, 0],
                 what="topological_order(small_graph())")
    cycle = small_graph(torch.int64)
    cycle[1, 0] = 1  # with 3 -> 1 already there: 3 -> 1 -> 0 -> 3
    cycle[0, 3] = 1
    assert_raises(lambda: submission.topological_order(cycle), "ValueError", what="topological_order of a graph with a cycle")
    self_loop = small_graph(torch.int64)
    self_loop[4, 4] = 1
    assert_raises(lambda: submission.topological_order(self_loop), "ValueError",
                  what="topological_order of a graph where neuron 4 feeds itself")
