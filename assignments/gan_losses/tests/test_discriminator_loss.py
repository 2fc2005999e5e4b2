"""Public tests for discriminator_loss: binary cross-entropy with real = 1 and fake = 0."""

import math

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(1.5, visibility="visible")
def test_loss_of_two_real_and_two_fake_samples(submission):
    log3 = math.log(3.0)
    d_real_logits = torch.tensor([[log3], [0.0]], dtype=torch.float64)  # D(x) = 3/4 and 1/2
    d_fake_logits = torch.tensor([[-log3], [log3]], dtype=torch.float64)  # D(G(z)) = 1/4 and 3/4
    real_term = (math.log(0.75) + math.log(0.5)) / 2  # mean log D(x)
    fake_term = (math.log(0.75) + math.log(0.25)) / 2  # mean log(1 - D(G(z)))
    expected = torch.tensor(-real_term - fake_term, dtype=torch.float64)
    got = submission.discriminator_loss(d_real_logits, d_fake_logits)
    assert_tensor_close(got, expected, what="discriminator_loss(d_real_logits, d_fake_logits)")
