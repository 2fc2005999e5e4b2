"""Public tests for dag_forward: one neuron by hand, the exam's network, an isolated neuron, and autograd."""

import pytest
import torch
from autograder.compare import assert_tensor_close

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

# Neurons 0 and 1 are the inputs of neuron 2: value_2 = tanh(0.25 + 0.5 * value_0 - 1.0 * value_1).
# The 9s stand where there is no edge (or, for the biases, on input neurons): they must not count.
TWO_INPUTS = torch.tensor([[0, 0, 1], [0, 0, 1], [0, 0, 0]])
TWO_INPUTS_WEIGHTS = torch.tensor([[9.0, 9.0, 0.5], [9.0, 9.0, -1.0], [9.0, 9.0, 9.0]])
TWO_INPUTS_BIASES = torch.tensor([9.0, 9.0, 0.25])
TWO_INPUTS_INPUTS = torch.tensor([[1.0, 2.0], [0.0, -1.0]])


def outputs_and_gradients(student, adjacency, weights, biases, inputs):
    """Runs in the notebook's process: dag_forward's result and the gradients of its sum."""
    import torch

    weights, biases, inputs = (t.clone().requires_grad_(True) for t in (weights, biases, inputs))
    outputs = student.dag_forward(adjacency, weights, biases, inputs)
    if not isinstance(outputs, torch.Tensor) or not outputs.requires_grad:
        return outputs, None
    outputs.sum().backward()
    return outputs.detach(), [weights.grad, biases.grad, inputs.grad]


@pytest.mark.points(0.5, visibility="visible")
def test_one_neuron_with_two_inputs(submission):
    got = submission.dag_forward(TWO_INPUTS, TWO_INPUTS_WEIGHTS, TWO_INPUTS_BIASES, TWO_INPUTS_INPUTS)
    expected = torch.tanh(torch.tensor([[0.25 + 0.5 * 1.0 - 1.0 * 2.0], [0.25 + 0.5 * 0.0 - 1.0 * -1.0]]))
    assert_tensor_close(got, expected, what="dag_forward(TWO_INPUTS, ...)")


@pytest.mark.points(0.25, visibility="visible")
def test_the_exam_network(submission):
    weights, biases = torch.full((7, 7), 0.5), torch.full((7,), 0.1)
    got = submission.dag_forward(EXAM_TABLE, weights, biases, torch.tensor([[1.0], [-1.0], [0.0]]))
    expected = torch.tensor([[0.6424765], [-0.3167511], [0.3881523]])
    assert_tensor_close(got, expected, rtol=1e-5, atol=1e-6,
                        what="dag_forward(EXAM_TABLE, 0.5 everywhere, 0.1 everywhere, S = 1, -1, 0)")


@pytest.mark.points(0.25, visibility="visible")
def test_an_isolated_neuron_is_an_input_and_an_output_in_float64(submission):
    adjacency = torch.tensor([[0, 1, 0], [0, 0, 0], [0, 0, 0]])  # 0 -> 1; neuron 2 stands alone
    weights = torch.full((3, 3), 2.0, dtype=torch.float64)
    biases = torch.full((3,), -0.5, dtype=torch.float64)
    inputs = torch.tensor([[0.5, -3.0]], dtype=torch.float64)  # neuron 0 is 0.5, neuron 2 is -3
    expected = torch.tensor([[torch.tanh(torch.tensor(-0.5 + 2.0 * 0.5)).item(), -3.0]], dtype=torch.float64)
    got = submission.dag_forward(adjacency, weights, biases, inputs)
    assert_tensor_close(got, expected, what="dag_forward with the isolated neuron 2 (float64)")


@pytest.mark.points(0.5, visibility="visible")
def test_autograd_can_differentiate_it(submission):
    got, gradients = submission.run(outputs_and_gradients, TWO_INPUTS, TWO_INPUTS_WEIGHTS, TWO_INPUTS_BIASES,
                                    TWO_INPUTS_INPUTS)
    values = torch.tanh(torch.tensor([0.25 + 0.5 * 1.0 - 1.0 * 2.0, 0.25 + 0.5 * 0.0 - 1.0 * -1.0]))
    assert_tensor_close(got, values.view(2, 1), what="dag_forward(TWO_INPUTS, ...)")
    if gradients is None:
        raise AssertionError("autograd cannot differentiate the result of dag_forward (it does not require grad); "
                             "compute it from weights, biases and inputs with differentiable operations")
    slope = 1 - values**2  # tanh'(p) of each example
    expected_weights = torch.zeros(3, 3)
    expected_weights[0, 2] = (slope * torch.tensor([1.0, 0.0])).sum()
    expected_weights[1, 2] = (slope * torch.tensor([2.0, -1.0])).sum()
    expected = [expected_weights, torch.tensor([0.0, 0.0, slope.sum().item()]),
                slope.view(2, 1) * torch.tensor([[0.5, -1.0]])]
    for got_gradient, expected_gradient, name in zip(gradients, expected, ["weights", "biases", "inputs"]):
        assert_tensor_close(got_gradient, expected_gradient, what=f"the gradient of the outputs' sum w.r.t. {name}")
