"""detection_loss takes the mean of an empty selection when no image has an object (NaN)."""

import torch.nn.functional as F
from torch import Tensor


def detection_loss(outputs: Tensor, labels: Tensor, boxes: Tensor) -> Tensor:
    class_logits = outputs[:, :4]
    predicted_boxes = outputs[:, 4:]
    classification = F.cross_entropy(class_logits, labels)

    has_object = labels != 0
    regression = (predicted_boxes[has_object] - boxes[has_object]).abs().mean()
    return classification + regression
