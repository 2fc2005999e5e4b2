"""Hidden tests for dag_forward: random networks whose weights off the edges are not zero, the adjacency's
dtypes and values, other activations, autograd, isolated neurons and the exam's networks.

Direct calls also have the worker check that no argument was changed in place and that the result is
not a view of an argument.
"""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
SIZES = [(6, 0.4), (12, 0.3), (25, 0.15)]


def outputs_and_gradients(student, adjacency, weights, biases, inputs):
    """Runs in the worker: dag_forward's outputs and the gradients of a fixed mix of them."""
    import torch

    weights, biases, inputs = (t.clone().requires_grad_(True) for t in (weights, biases, inputs))
    outputs = student.dag_forward(adjacency, weights, biases, inputs)
    if not isinstance(outputs, torch.Tensor) or not outputs.requires_grad:
        return outputs, None
    mix = torch.linspace(-1.0, 2.0, outputs.numel(), dtype=outputs.dtype, device=outputs.device)
    (outputs * mix.view(outputs.shape)).sum().backward()
    return outputs.detach(), [weights.grad, biases.grad, inputs.grad]


@pytest.mark.points(0.75, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_networks_match_the_reference(submission, reference, random_dag, random_network, device, dtype):
    for i, (n, p) in enumerate(SIZES):
        network = random_network(random_dag(1800 + i, n, p), 1810 + i, 4, dtype, device)
        assert_tensor_close(submission.dag_forward(*network), reference.dag_forward(*network),
                            what=f"dag_forward of random network #{i} ({n} neurons)")


@pytest.mark.points(0.5, visibility="hidden")
def test_any_non_zero_entry_is_an_edge(submission, reference, random_dag, random_network, device):
    _, weights, biases, inputs = random_network(random_dag(1900, 14, 0.3), 1901, 3, torch.float32, device)
    expected = reference.dag_forward(random_dag(1900, 14, 0.3).to(device), weights, biases, inputs)
    for dtype, entries in [(torch.bool, (1,)), (torch.int64, (1, 2, -3)), (torch.float64, (0.5, -2.0, 3.0))]:
        adjacency = random_dag(1900, 14, 0.3, dtype, entries).to(device)
        assert_tensor_close(submission.dag_forward(adjacency, weights, biases, inputs), expected,
                            what=f"dag_forward of a random network whose adjacency is {dtype}"
                                 + ("" if dtype == torch.bool else ", with entries other than 0 and 1"))


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("activation", ["sigmoid", "identity"])
def test_other_activations(random_dag, random_network, call_with, expected_with, device, activation):
    network = random_network(random_dag(2000, 12, 0.3), 2001, 4, torch.float64, device)
    assert_tensor_close(call_with("dag_forward", activation, *network),
                        expected_with("dag_forward", activation, *network),
                        what=f"dag_forward of a random network with activation={activation}")


@pytest.mark.points(1, visibility="hidden")
def test_autograd_can_differentiate_it(submission, reference, random_dag, random_network, device):
    network = random_network(random_dag(2100, 12, 0.3), 2101, 3, torch.float64, device)
    got, gradients = submission.run(outputs_and_gradients, *network)
    expected, expected_gradients = outputs_and_gradients(reference, *network)
    assert_tensor_close(got, expected, what="dag_forward of a random network")
    if gradients is None:
        raise AssertionError("autograd cannot differentiate the result of dag_forward (it does not require grad)")
    for name, got_gradient, expected_gradient in zip(["weights", "biases", "inputs"], gradients, expected_gradients):
        assert_tensor_close(got_gradient, expected_gradient,
                            what=f"the gradient of dag_forward's outputs with respect to {name}")


@pytest.mark.points(0.5, visibility="hidden")
def test_a_neuron_without_edges_is_an_input_and_an_output(submission, reference, random_dag, random_network,
                                                           with_isolated_neurons, device):
    adjacency = with_isolated_neurons(random_dag(2200, 10, 0.3), [0, 6])
    network = random_network(adjacency, 2201, 4, torch.float32, device)
    assert_tensor_close(submission.dag_forward(*network), reference.dag_forward(*network),
                        what="dag_forward of a random network with two neurons that have no edges")


@pytest.mark.points(0.5, visibility="hidden")
def test_the_exam_networks(submission, reference, random_network, device):
    for name, adjacency in [("Exercise 8's table", reference.EXAM_TABLE), ("Exercise 7's network", reference.FIGURE_1)]:
        network = random_network(adjacency, 2300 + len(adjacency), 5, torch.float32, device)
        assert_tensor_close(submission.dag_forward(*network), reference.dag_forward(*network),
                            what=f"dag_forward of {name} with random weights")
