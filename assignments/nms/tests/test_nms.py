"""Public tests for nms: a small scene with three detections of one bird, and the edge cases."""

import pytest
import torch
from autograder.compare import assert_tensor_equal

# Boxes 0, 1 and 3 are three detections of the same bird; box 2 is a baboon far away; box 4 is a
# second bird right next to the first one (it touches box 0 but hardly overlaps).
SCENE_BOXES = torch.tensor(
    [
        [10.0, 10.0, 50.0, 50.0],
        [12.0, 12.0, 52.0, 52.0],
        [100.0, 100.0, 140.0, 150.0],
        [11.0, 9.0, 49.0, 51.0],
        [50.0, 10.0, 90.0, 50.0],
    ]
)
SCENE_SCORES = torch.tensor([0.9, 0.95, 0.8, 0.7, 0.6])


@pytest.mark.points(1, visibility="visible")
def test_keeps_one_box_per_object_in_decreasing_score_order(submission):
    # Box 1 has the best score and suppresses boxes 0 and 3 (IoU about 0.82 and 0.75).
    expected = torch.tensor([1, 2, 4])
    got = submission.nms(SCENE_BOXES, SCENE_SCORES, 0.5)
    assert_tensor_equal(got, expected, what="nms(SCENE_BOXES, SCENE_SCORES, 0.5)")


@pytest.mark.points(0.5, visibility="visible")
def test_a_box_whose_iou_equals_the_threshold_is_kept(submission):
    # The unit-wide box covers half of the 2-wide one: IoU = 1/2, which is not *greater* than 0.5.
    boxes = torch.tensor([[0.0, 0.0, 2.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    scores = torch.tensor([0.9, 0.8])
    assert_tensor_equal(submission.nms(boxes, scores, 0.5), torch.tensor([0, 1]), what="nms(boxes, scores, 0.5)")


@pytest.mark.points(0.5, visibility="visible")
def test_no_boxes_give_an_empty_int64_tensor(submission):
    # Only an nms that also handles a real scene earns this point.
    assert_tensor_equal(submission.nms(SCENE_BOXES[:3], SCENE_SCORES[:3], 0.5), torch.tensor([1, 2]),
                        what="nms(SCENE_BOXES[:3], SCENE_SCORES[:3], 0.5)")
    boxes, scores = torch.zeros(0, 4), torch.zeros(0)
    expected = torch.zeros(0, dtype=torch.int64)
    assert_tensor_equal(submission.nms(boxes, scores, 0.5), expected, what="nms of zero boxes")
