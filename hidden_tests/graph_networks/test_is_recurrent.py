"""Hidden tests for is_recurrent: each test asks about networks with and without a cycle, so no constant passes."""

import pytest
import torch
from autograder.compare import assert_equal

ADJACENCY_DTYPES = [pytest.param(torch.bool, id="bool"), pytest.param(torch.int64, id="int64"),
                    pytest.param(torch.float32, id="float32")]
ENTRIES = {torch.bool: (1,), torch.int64: (1, 2, -3), torch.float32: (1.0, 0.5, -2.0, 3.0)}


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", ADJACENCY_DTYPES)
def test_random_networks_with_and_without_a_long_cycle(submission, random_dag, add_cycle, device, dtype):
    for i, (n, p) in enumerate([(10, 0.3), (25, 0.15)]):
        adjacency = random_dag(1600 + i, n, p, dtype, ENTRIES[dtype])
        assert_equal(submission.is_recurrent(adjacency.to(device)), False,
                     what=f"is_recurrent of random network #{i} without a cycle")
        assert_equal(submission.is_recurrent(add_cycle(adjacency, 1610 + i).to(device)), True,
                     what=f"is_recurrent of random network #{i} with a cycle of three or more neurons")


@pytest.mark.points(0.5, visibility="hidden")
def test_a_neuron_feeding_itself_is_recurrent(submission, reference, random_dag, device):
    adjacency = random_dag(1700, 12, 0.3)
    assert_equal(submission.is_recurrent(adjacency.to(device)), False, what="is_recurrent of a random network")
    one_self_loop = adjacency.clone()
    one_self_loop[7, 7] = 1
    assert_equal(submission.is_recurrent(one_self_loop.to(device)), True,
                 what="is_recurrent of a random network with one neuron feeding itself")
    g = torch.Generator().manual_seed(1701)
    permutation = torch.randperm(7, generator=g)
    renumbered = reference.EXAM_TABLE[permutation][:, permutation]
    assert_equal(submission.is_recurrent(renumbered.to(device)), False,
                 what="is_recurrent of Exercise 8's table, renumbered")
    diagonal = (renumbered + torch.eye(7, dtype=renumbered.dtype)).to(device)
    assert_equal(submission.is_recurrent(diagonal), True,
                 what="is_recurrent of Exercise 8's table, renumbered, with ones on the diagonal")
