"""Public tests for cosine_similarity: the exam's three pairs of vectors (Exercise 13a)."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_the_exams_three_cases_give_one_zero_and_minus_one(submission):
    # Row by row: v = 3.5 w (same direction), v orthogonal to w, v = -2 w (opposite directions).
    w = torch.tensor([[1.0, 2.0, 2.0], [1.0, 2.0, 2.0], [1.0, 2.0, 2.0]])
    v = torch.tensor([[3.5, 7.0, 7.0], [2.0, -1.0, 0.0], [-2.0, -4.0, -4.0]])
    expected = torch.tensor([1.0, 0.0, -1.0])
    assert_tensor_close(submission.cosine_similarity(v, w), expected, what="cosine_similarity(v, w)")
