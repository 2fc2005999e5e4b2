"""Public test for wgan_generator_loss: the generator wants the critic to score its fakes high."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(0.5, visibility="visible")
def test_generator_loss_is_minus_mean_fake(submission):
    critic_fake = torch.tensor([[-1.0, 0.0], [0.5, 1.5]])  # mean 0.25
    expected = torch.tensor(-0.25)
    assert_tensor_close(submission.wgan_generator_loss(critic_fake), expected, what="wgan_generator_loss(critic_fake)")
