"""Public tests of regression_attack on a linear pre-activation z = x1 - x2 + 0.5, two points, two steps.

On the tanh's input the loss of a point is (z - atanh(t))**2; one step of size 0.1 moves x by
-0.2 (z - atanh(t)) * (1, -1), so z - atanh(t) shrinks by the factor 1 - 0.4 = 0.6 per step.
The losses are summed over the batch: a mean would halve every step here.
"""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close

X = [[0.5, 0.0], [-1.0, 1.0]]  # z = 1.0 and z = -1.5
TARGETS = [[-0.5], [0.25]]
# Two steps of size 0.25 on the tanh's output.
ON_THE_OUTPUT = [[-0.143941, 0.643941], [-0.750658, 0.750658]]
# Two steps of size 0.1 on the tanh's input: z - atanh(t) is 0.36 times what it was.
ON_THE_INPUT = [[0.004222, 0.495778], [-0.438268, 0.438268]]


def attack_a_linear_regressor(student, x, targets, step_size, steps, on_pre_tanh):
    """In the notebook's process: regression_attack on z = x1 - x2 + 0.5 (a model in eval mode)."""
    import torch
    from torch import nn

    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(2, 1)).eval()
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor([[1.0, -1.0]]))
        model[1].bias.fill_(0.5)
    with torch.enable_grad():
        result = student.regression_attack(model, torch.tensor(x), torch.tensor(targets), step_size, steps, on_pre_tanh)
    return result.detach() if isinstance(result, torch.Tensor) else result


@pytest.mark.points(1, visibility="visible")
def test_two_steps_on_the_tanh_output(submission):
    got = submission.run(attack_a_linear_regressor, X, TARGETS, 0.25, 2, False)
    assert_tensor_close(got, torch.tensor(ON_THE_OUTPUT), atol=1e-5, rtol=0,
                        what="regression_attack(model, x, targets, step_size=0.25, steps=2, on_pre_tanh=False)")


@pytest.mark.points(1, visibility="visible")
def test_two_steps_on_the_tanh_input(submission):
    got = submission.run(attack_a_linear_regressor, X, TARGETS, 0.1, 2, True)
    assert_tensor_close(got, torch.tensor(ON_THE_INPUT), atol=1e-5, rtol=0,
                        what="regression_attack(model, x, targets, step_size=0.1, steps=2, on_pre_tanh=True)")
