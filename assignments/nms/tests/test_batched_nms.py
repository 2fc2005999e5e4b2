"""Public test for batched_nms: boxes of different categories never suppress each other."""

import pytest
import torch
from autograder.compare import assert_tensor_equal


@pytest.mark.points(1, visibility="visible")
def test_a_bird_does_not_suppress_a_balloon(submission):
    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [0.0, 0.0, 10.0, 10.0], [1.0, 1.0, 10.0, 10.0]])
    scores = torch.tensor([0.5, 0.9, 0.7])
    categories = torch.tensor([1, 2, 1])  # bird, balloon, bird
    # The balloon (box 1) survives on its own; among the birds, box 2 beats box 0 (IoU 0.81).
    expected = torch.tensor([1, 2])
    got = submission.batched_nms(boxes, scores, categories, 0.5)
    assert_tensor_equal(got, expected, what="batched_nms(boxes, scores, categories, 0.5)")
