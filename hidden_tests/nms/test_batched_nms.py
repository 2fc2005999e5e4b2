"""Hidden tests for batched_nms: each category on its own, results merged by score."""

import pytest
import torch
from autograder.compare import assert_tensor_equal

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def crowded_scene(seed: int, n: int, n_categories: int, dtype, device):
    """Boxes crowded into a small square, distinct scores, random categories."""
    g = torch.Generator().manual_seed(seed)
    top_left = torch.rand(n, 2, generator=g, dtype=torch.float64) * 30
    size = 5 + torch.rand(n, 2, generator=g, dtype=torch.float64) * 20
    boxes = torch.cat([top_left, top_left + size], dim=1).to(dtype=dtype, device=device)
    scores = torch.rand(n, generator=g, dtype=torch.float64).to(dtype=dtype, device=device)
    categories = torch.randint(0, n_categories, (n,), generator=g).to(device)
    return boxes, scores, categories


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_keeps_the_right_boxes_per_category(submission, reference, device, dtype):
    boxes, scores, categories = crowded_scene(3101, 40, 4, dtype, device)
    iou = reference.box_iou(boxes, boxes).double()
    if (iou - 0.5).abs().min() < 1e-4:
        raise RuntimeError("grader bug: the scene has an IoU within rounding of the threshold")
    expected = reference.batched_nms(boxes, scores, categories, 0.5)
    got = submission.batched_nms(boxes, scores, categories, 0.5)
    assert_tensor_equal(got, expected, what="batched_nms on 40 random boxes of 4 categories")


@pytest.mark.points(0.5, visibility="hidden")
def test_identical_boxes_of_different_categories_all_survive(submission, reference, device):
    boxes = torch.tensor([[5.0, 5.0, 25.0, 30.0]] * 4, device=device)
    scores = torch.tensor([0.3, 0.9, 0.6, 0.8], device=device)
    categories = torch.tensor([3, 1, 0, 2], device=device)
    expected = reference.batched_nms(boxes, scores, categories, 0.5)
    assert_tensor_equal(submission.batched_nms(boxes, scores, categories, 0.5), expected, what="batched_nms")


@pytest.mark.points(0.5, visibility="hidden")
def test_the_result_is_sorted_by_score_across_categories(submission, reference, device):
    boxes = torch.tensor(
        [[0.0, 0.0, 10.0, 10.0], [20.0, 20.0, 30.0, 30.0], [40.0, 0.0, 50.0, 10.0], [0.0, 40.0, 10.0, 50.0]],
        device=device,
    )
    scores = torch.tensor([0.2, 0.9, 0.5, 0.7], device=device)
    categories = torch.tensor([0, 0, 1, 1], device=device)
    expected = reference.batched_nms(boxes, scores, categories, 0.5)
    assert_tensor_equal(submission.batched_nms(boxes, scores, categories, 0.5), expected, what="batched_nms")
