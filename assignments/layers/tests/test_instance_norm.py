"""Public tests for instance_norm: every sample and channel normalised on its own."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(0.75, visibility="visible")
def test_each_sample_uses_its_own_mean_and_variance(submission):
    # x is [N=2, C=1, L=4]. Sample 0: 1, 3, 1, 3 (mean 2, variance 1). Sample 1: 2, 2, 10, 10 (mean 6,
    # variance 16). Batch statistics would mix the two; instance statistics give -1 and 1 in both.
    x = torch.tensor([[[1.0, 3.0, 1.0, 3.0]], [[2.0, 2.0, 10.0, 10.0]]])
    expected = torch.tensor([[[-1.0, 1.0, -1.0, 1.0]], [[-1.0, -1.0, 1.0, 1.0]]])
    assert_tensor_close(submission.instance_norm(x, eps=0.0), expected, what="instance_norm(x, eps=0.0)")
