"""Public test of clip_weights on a tiny linear critic."""

import pytest
import torch

from autograder.compare import assert_tensor_close


def clip_linear_critic(student, c):
    """Runs in the notebook's process: clip f(x) = 0.3 x1 - 0.5 x2 + 0.02 and read its parameters back."""
    import torch

    critic = torch.nn.Linear(2, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[0.3, -0.5]]))
        critic.bias.fill_(0.02)
    student.clip_weights(critic, c)
    return critic.weight.detach().clone(), critic.bias.detach().clone()


@pytest.mark.points(1, visibility="visible")
def test_clip_the_exam_critic(submission):
    weight, bias = submission.run(clip_linear_critic, 0.1)
    assert_tensor_close(weight, torch.tensor([[0.1, -0.1]]), what="the critic's weight after clip_weights(critic, 0.1)")
    assert_tensor_close(bias, torch.tensor([0.02]), what="the critic's bias after clip_weights(critic, 0.1)")
