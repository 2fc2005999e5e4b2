"""Hidden tests for topological_order: random networks of every adjacency dtype, relabelled exam networks, cycles.

Random networks are numbered in a random order, so the identity order is hardly ever valid, and they
have many neurons ready at once, so only the smallest-index rule gives the expected order.
"""

import pytest
import torch
from autograder.compare import assert_equal, assert_raises

ADJACENCY_DTYPES = [pytest.param(torch.bool, id="bool"), pytest.param(torch.int64, id="int64"),
                    pytest.param(torch.float32, id="float32")]
ENTRIES = {torch.bool: (1,), torch.int64: (1, 2, -3), torch.float32: (1.0, 0.5, -2.0, 3.0)}
SIZES = [(8, 0.3), (15, 0.2), (30, 0.1)]


def assert_right_order(submission, reference, adjacency, what):
    assert_equal(submission.topological_order(adjacency), reference.topological_order(adjacency), what=what)


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", ADJACENCY_DTYPES)
def test_random_networks_give_the_smallest_order(submission, reference, random_dag, device, dtype):
    for i, (n, p) in enumerate(SIZES):
        adjacency = random_dag(1300 + i, n, p, dtype, ENTRIES[dtype]).to(device)
        assert_right_order(submission, reference, adjacency, f"topological_order of random network #{i} ({n} neurons)")


@pytest.mark.points(0.5, visibility="hidden")
def test_the_exam_networks_numbered_differently(submission, reference, device):
    for name, network in [("Exercise 8's table", reference.EXAM_TABLE), ("Exercise 7's network", reference.FIGURE_1)]:
        g = torch.Generator().manual_seed(1350 + len(network))
        permutation = torch.randperm(len(network), generator=g)
        renumbered = network[permutation][:, permutation].to(device)
        assert_right_order(submission, reference, renumbered, f"topological_order of {name}, renumbered")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("cycle", ["three or more neurons", "a self-loop"])
def test_a_cycle_raises_value_error(submission, reference, random_dag, add_cycle, device, cycle):
    adjacency = random_dag(1400, 12, 0.3)
    assert_right_order(submission, reference, adjacency.to(device), "topological_order of a random network")
    if cycle == "a self-loop":
        cyclic = adjacency.clone()
        cyclic[5, 5] = 1
    else:
        cyclic = add_cycle(adjacency, 1401)
    assert_raises(lambda: submission.topological_order(cyclic.to(device)), "ValueError",
                  what=f"topological_order of a network with a cycle ({cycle})")


@pytest.mark.points(0.5, visibility="hidden")
def test_networks_without_edges(submission, reference, random_dag, device):
    assert_right_order(submission, reference, random_dag(1500, 10, 0.3).to(device),
                       "topological_order of a random network")
    for n in (0, 1, 5):
        assert_right_order(submission, reference, torch.zeros(n, n, dtype=torch.int64, device=device),
                           f"topological_order of {n} neurons without edges")
