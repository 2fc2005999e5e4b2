"""Public tests for batch_norm: statistics per channel over the whole batch, checked by hand."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(0.5, visibility="visible")
def test_each_channel_uses_the_mean_and_variance_of_the_whole_batch(submission):
    # x is [N=2, C=2, L=2]. Channel 0 holds 1, 3, 1, 3: mean 2, variance 1. Channel 1 holds 1, 3, 3, 9:
    # mean 4, variance (9 + 1 + 1 + 25) / 4 = 9, so it normalises to -1, -1/3, -1/3, 5/3.
    # Then gamma = (2, 3) scales and beta = (0.5, -1) shifts each channel; eps = 0 keeps the numbers round.
    x = torch.tensor([[[1.0, 3.0], [1.0, 3.0]], [[1.0, 3.0], [3.0, 9.0]]])
    gamma, beta = torch.tensor([2.0, 3.0]), torch.tensor([0.5, -1.0])
    expected = torch.tensor([[[-1.5, 2.5], [-4.0, -2.0]], [[-1.5, 2.5], [-2.0, 4.0]]])
    got = submission.batch_norm(x, gamma, beta, eps=0.0)
    assert_tensor_close(got, expected, what="batch_norm(x, gamma, beta, eps=0.0)")


@pytest.mark.points(0.5, visibility="visible")
def test_eps_is_added_to_the_variance_under_the_square_root(submission):
    # x is [N=2, C=1] (no spatial dims): values 0 and 2, mean 1, variance 1; with eps = 3 the divisor is 2.
    x = torch.tensor([[0.0], [2.0]])
    gamma, beta = torch.tensor([1.0]), torch.tensor([0.0])
    expected = torch.tensor([[-0.5], [0.5]])
    got = submission.batch_norm(x, gamma, beta, eps=3.0)
    assert_tensor_close(got, expected, what="batch_norm(x, gamma, beta, eps=3.0) of a [2, 1] tensor")
