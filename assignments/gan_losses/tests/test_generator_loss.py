"""Public tests for generator_loss: logits whose sigmoid you can write down."""

import math

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_non_saturating_loss_of_two_fakes(submission):
    # sigmoid(0) = 1/2 and sigmoid(log 3) = 3/4, so the loss is -(log 1/2 + log 3/4) / 2.
    d_fake_logits = torch.tensor([0.0, math.log(3.0)], dtype=torch.float64)
    expected = torch.tensor(-(math.log(0.5) + math.log(0.75)) / 2, dtype=torch.float64)
    got = submission.generator_loss(d_fake_logits)
    assert_tensor_close(got, expected, what="generator_loss(torch.tensor([0.0, log 3]))")


@pytest.mark.points(0.5, visibility="visible")
def test_a_column_of_logits_gives_a_0_dim_loss(submission):
    # Discriminators usually output shape [batch, 1]; the loss is still one number.
    d_fake_logits = torch.zeros(4, 1)
    expected = torch.tensor(math.log(2.0))
    assert_tensor_close(submission.generator_loss(d_fake_logits), expected, what="generator_loss(torch.zeros(4, 1))")
