"""Public tests for box_iou: small boxes whose IoU you can work out on paper."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_iou_of_hand_made_boxes(submission):
    boxes1 = torch.tensor([[0.0, 0.0, 2.0, 2.0], [0.0, 0.0, 1.0, 1.0]])
    boxes2 = torch.tensor([[0.0, 0.0, 2.0, 2.0], [1.0, 0.0, 3.0, 2.0], [5.0, 5.0, 6.0, 6.0]])
    # Same box: 4/4. Half shifted: overlap 2, union 4 + 4 - 2 = 6. Far away: 0.
    # The unit square inside the 2x2 box: 1/4. The unit square and the shifted box only touch: 0.
    expected = torch.tensor([[1.0, 2.0 / 6.0, 0.0], [0.25, 0.0, 0.0]])
    assert_tensor_close(submission.box_iou(boxes1, boxes2), expected, what="box_iou(boxes1, boxes2)")


@pytest.mark.points(0.5, visibility="visible")
def test_iou_of_zero_area_boxes_is_zero_not_nan(submission):
    # A point and a line have no area: their union with each other is empty, so 0 / 0 would be NaN.
    # The 2x2 box beside them has an IoU of 1 with itself and 0 with both.
    boxes = torch.tensor([[1.0, 1.0, 1.0, 1.0], [0.0, 1.0, 4.0, 1.0], [0.0, 0.0, 2.0, 2.0]])
    expected = torch.tensor([[0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    got = submission.box_iou(boxes, boxes)
    assert_tensor_close(got, expected, what="box_iou of a point, a line and a 2x2 box with themselves")
