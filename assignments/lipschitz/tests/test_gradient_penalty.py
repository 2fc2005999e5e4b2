"""Public tests of gradient_penalty with a linear critic, whose input gradient is its weight everywhere."""

import math

import pytest
import torch

from autograder.compare import assert_tensor_close


def penalty_of_linear_critic(student, weight):
    """Runs in the notebook's process: the penalty of f(x) = w.x and its gradient with respect to w."""
    import torch

    critic = torch.nn.Linear(2, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([weight]))
        critic.bias.zero_()
    real = torch.tensor([[1.0, 2.0], [0.0, -1.0], [3.0, 0.5]])
    fake = torch.tensor([[0.0, 0.0], [2.0, 2.0], [-1.0, 1.0]])
    penalty = student.gradient_penalty(critic, real, fake, 0.5)
    if not isinstance(penalty, torch.Tensor) or not penalty.requires_grad:
        return penalty, None  # not differentiable: no gradient to report
    penalty.backward()
    return penalty.detach(), critic.weight.grad


@pytest.mark.points(0.5, visibility="visible")
def test_exam_critic_penalty(submission):
    penalty, _ = submission.run(penalty_of_linear_critic, [0.3, -0.5])
    assert_tensor_close(penalty, torch.tensor((math.sqrt(0.34) - 1) ** 2), what="gradient_penalty for f(x) = 0.3 x1 - 0.5 x2")


@pytest.mark.points(1, visibility="visible")
def test_penalty_and_its_gradient_for_a_steep_critic(submission):
    penalty, weight_grad = submission.run(penalty_of_linear_critic, [3.0, 4.0])
    assert_tensor_close(penalty, torch.tensor(16.0), what="gradient_penalty for f(x) = 3 x1 + 4 x2")
    if weight_grad is None:
        raise AssertionError("The penalty must be differentiable with respect to the critic's weights "
                             "(did you pass create_graph=True to torch.autograd.grad?).")
    # d/dw (||w|| - 1)^2 = 2 (||w|| - 1) w / ||w|| = 2 * 4 * (0.6, 0.8)
    assert_tensor_close(weight_grad, torch.tensor([[4.8, 6.4]]),
                        what="the gradient of the penalty with respect to the critic's weight")
