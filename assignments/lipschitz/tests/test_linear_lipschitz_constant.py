"""Public tests of linear_lipschitz_constant: the exam's critic and constants checkable by hand."""

import math

import pytest
import torch

from autograder.compare import assert_scalar_close


@pytest.mark.points(1, visibility="visible")
def test_exam_exercise_12_critic(submission):
    w = torch.tensor([0.3, -0.5], dtype=torch.float64)
    assert_scalar_close(submission.linear_lipschitz_constant(w), math.sqrt(0.34),
                        what="linear_lipschitz_constant(tensor([0.3, -0.5]))")


@pytest.mark.points(0.5, visibility="visible")
def test_vector_constant_is_its_length(submission):
    w = torch.tensor([3.0, 4.0])
    assert_scalar_close(submission.linear_lipschitz_constant(w), 5.0,
                        what="linear_lipschitz_constant(tensor([3., 4.]))")


@pytest.mark.points(0.5, visibility="visible")
def test_matrix_constant_is_the_largest_stretch(submission):
    w = torch.tensor([[2.0, 0.0], [0.0, 0.5]])
    assert_scalar_close(submission.linear_lipschitz_constant(w), 2.0,
                        what="linear_lipschitz_constant(tensor([[2., 0.], [0., 0.5]]))")
