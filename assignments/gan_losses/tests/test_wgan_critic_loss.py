"""Public test for wgan_critic_loss: the critic's scores are raw numbers, not probabilities."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_critic_loss_is_mean_fake_minus_mean_real(submission):
    critic_real = torch.tensor([[1.0, 2.0], [3.0, 4.0]])  # mean 2.5
    critic_fake = torch.tensor([[-1.0, 0.0], [0.5, 1.5]])  # mean 0.25
    expected = torch.tensor(0.25 - 2.5)
    got = submission.wgan_critic_loss(critic_real, critic_fake)
    assert_tensor_close(got, expected, what="wgan_critic_loss(critic_real, critic_fake)")
