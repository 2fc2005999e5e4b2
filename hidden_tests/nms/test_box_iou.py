"""Hidden tests for box_iou: random boxes of both precisions, and boxes without area."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def random_boxes(seed: int, n: int, dtype: torch.dtype, device: str) -> torch.Tensor:
    """Boxes crowded into a 60x60 square, so that many pairs overlap partly."""
    g = torch.Generator().manual_seed(seed)
    top_left = torch.rand(n, 2, generator=g, dtype=torch.float64) * 40
    size = 1 + torch.rand(n, 2, generator=g, dtype=torch.float64) * 20
    return torch.cat([top_left, top_left + size], dim=1).to(dtype=dtype, device=device)


@pytest.mark.points(0.75, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_iou_of_random_boxes(submission, reference, device, dtype):
    boxes1, boxes2 = random_boxes(1101, 23, dtype, device), random_boxes(1102, 9, dtype, device)
    expected = reference.box_iou(boxes1, boxes2)
    assert_tensor_close(submission.box_iou(boxes1, boxes2), expected, what="box_iou of 23 and 9 random boxes")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_boxes_without_area_have_iou_zero_not_nan(submission, reference, device, dtype):
    degenerate = torch.tensor(
        [[3.0, 3.0, 3.0, 3.0], [0.0, 2.0, 5.0, 2.0], [4.0, 0.0, 4.0, 6.0], [0.0, 0.0, 0.0, 0.0]],
        dtype=dtype,
        device=device,
    )
    boxes = torch.cat([degenerate, random_boxes(1103, 4, dtype, device)])
    expected = reference.box_iou(boxes, boxes)
    assert_tensor_close(submission.box_iou(boxes, boxes), expected, what="box_iou of points and lines with boxes")
