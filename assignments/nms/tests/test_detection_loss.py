"""Public tests for detection_loss: Exercise 10a's loss on a batch of three images."""

import math

import pytest
import torch
from autograder.compare import assert_tensor_close

# One row per image: 4 class logits (background, bird, balloon, baboon), then the predicted box.
OUTPUTS = torch.tensor(
    [
        [2.0, 0.5, -1.0, 0.0, 10.0, 12.0, 30.0, 40.0],
        [0.0, 3.0, 0.0, -1.0, 1.0, 2.0, 3.0, 4.0],
        [0.5, 0.0, 0.0, 2.0, 0.0, 0.0, 8.0, 8.0],
    ],
    dtype=torch.float64,
)
LABELS = torch.tensor([0, 1, 3])  # background, bird, baboon
BOXES = torch.tensor([[0.0, 0.0, 0.0, 0.0], [1.5, 2.0, 2.0, 4.0], [0.0, 1.0, 8.0, 6.0]], dtype=torch.float64)


def cross_entropy(logits, label):
    return math.log(sum(math.exp(v) for v in logits)) - logits[label]


@pytest.mark.points(1, visibility="visible")
def test_loss_of_a_small_batch(submission):
    classification = sum(cross_entropy(row[:4], label) for row, label in zip(OUTPUTS.tolist(), LABELS.tolist())) / 3
    # Only the bird and the baboon have boxes: errors 0.5, 0, 1, 0 and 0, 1, 0, 2 over 8 numbers.
    regression = (0.5 + 1.0 + 1.0 + 2.0) / 8
    expected = torch.tensor(classification + regression, dtype=torch.float64)
    got = submission.detection_loss(OUTPUTS, LABELS, BOXES)
    assert_tensor_close(got, expected, what="detection_loss(OUTPUTS, LABELS, BOXES)")


@pytest.mark.points(0.5, visibility="visible")
def test_a_batch_of_background_images_has_no_box_loss(submission):
    expected = torch.tensor(cross_entropy(OUTPUTS[0].tolist()[:4], 0), dtype=torch.float64)
    got = submission.detection_loss(OUTPUTS[:1], LABELS[:1], BOXES[:1])
    assert_tensor_close(got, expected, what="detection_loss(OUTPUTS[:1], LABELS[:1], BOXES[:1])")
