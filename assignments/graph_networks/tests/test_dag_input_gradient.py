"""Public tests for dag_input_gradient, called as the grader calls it: inside torch.inference_mode()."""

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


def gradient_in_inference_mode(student, adjacency, weights, biases, inputs, linear=False):
    """Runs in the notebook's process: dag_input_gradient without autograd (n(p) = p when linear)."""
    import torch

    with torch.inference_mode():
        if linear:
            return student.dag_input_gradient(adjacency, weights, biases, inputs,
                                              activation=lambda p: p, activation_grad=torch.ones_like)
        return student.dag_input_gradient(adjacency, weights, biases, inputs)


@pytest.mark.points(0.5, visibility="visible")
def test_one_neuron_with_two_inputs(submission):
    # value_2 = tanh(0.25 + 0.5 * value_0 - 1.0 * value_1); the 9s stand where there is no edge.
    adjacency = torch.tensor([[0, 0, 1], [0, 0, 1], [0, 0, 0]])
    weights = torch.tensor([[9.0, 9.0, 0.5], [9.0, 9.0, -1.0], [9.0, 9.0, 9.0]])
    biases = torch.tensor([9.0, 9.0, 0.25])
    inputs = torch.tensor([[1.0, 2.0], [0.0, -1.0]])
    got = submission.run(gradient_in_inference_mode, adjacency, weights, biases, inputs)
    slope = 1 - torch.tanh(torch.tensor([[0.25 + 0.5 * 1.0 - 1.0 * 2.0], [0.25 + 0.5 * 0.0 - 1.0 * -1.0]])) ** 2
    assert_tensor_close(got, slope * torch.tensor([[0.5, -1.0]]), what="dag_input_gradient of one tanh neuron")


@pytest.mark.points(0.5, visibility="visible")
def test_two_paths_add_up(submission):
    # 0 -> 1 -> 3 and 0 -> 2 -> 3 with n(p) = p: d value_3 / d value_0 = w01 * w13 + w02 * w23 (Exercise 7).
    adjacency = torch.tensor([[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]], dtype=torch.float64)
    weights = torch.tensor([[7.0, 2.0, -3.0, 7.0], [7.0, 7.0, 7.0, 0.5], [7.0, 7.0, 7.0, 4.0], [7.0] * 4],
                           dtype=torch.float64)
    biases = torch.tensor([1.0, 1.0, 1.0, 1.0], dtype=torch.float64)
    inputs = torch.tensor([[3.0]], dtype=torch.float64)
    got = submission.run(gradient_in_inference_mode, adjacency, weights, biases, inputs, linear=True)
    expected = torch.tensor([[2.0 * 0.5 + -3.0 * 4.0]], dtype=torch.float64)
    assert_tensor_close(got, expected, what="dag_input_gradient with n(p) = p of two paths 0 -> 3")


@pytest.mark.points(0.5, visibility="visible")
def test_the_exam_network(submission):
    weights, biases = torch.full((7, 7), 0.5), torch.full((7,), 0.1)
    inputs = torch.tensor([[1.0], [-1.0], [0.0]])
    got = submission.run(gradient_in_inference_mode, EXAM_TABLE, weights, biases, inputs)
    expected = torch.tensor([[0.0626596], [0.3137059], [0.6629400]])
    assert_tensor_close(got, expected, rtol=1e-5, atol=1e-6,
                        what="dag_input_gradient(EXAM_TABLE, 0.5 everywhere, 0.1 everywhere, S = 1, -1, 0)")
