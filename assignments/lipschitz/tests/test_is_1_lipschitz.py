"""Public tests of is_1_lipschitz: the exam's critic and one that stretches too much."""

import pytest
import torch

from autograder.compare import assert_equal


@pytest.mark.points(0.5, visibility="visible")
def test_exam_critic_is_1_lipschitz(submission):
    w = torch.tensor([0.3, -0.5])
    assert_equal(submission.is_1_lipschitz(w), True, what="is_1_lipschitz(tensor([0.3, -0.5]))")


@pytest.mark.points(0.5, visibility="visible")
def test_long_weight_vector_is_not_1_lipschitz(submission):
    w = torch.tensor([3.0, 4.0])
    assert_equal(submission.is_1_lipschitz(w), False, what="is_1_lipschitz(tensor([3., 4.]))")
    # A constant False must not earn this point: the same vector scaled down to length 0.5 is 1-Lipschitz.
    assert_equal(submission.is_1_lipschitz(w / 10), True, what="is_1_lipschitz(tensor([0.3, 0.4]))")
