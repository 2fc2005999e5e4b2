"""Reference solution: object detection post-processing (IN5400/IN9400 exam, June 2021, Exercise 10).

Pure PyTorch. The functions follow the contracts of ``torchvision.ops.box_iou``, ``nms`` and
``batched_nms`` (torchvision is deliberately not used), plus the exam's detection loss.
Boxes are ``(x1, y1, x2, y2)`` with ``x1 <= x2`` and ``y1 <= y2``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def box_area(boxes: Tensor) -> Tensor:
    """Area of each box; a box with x2 <= x1 or y2 <= y1 covers nothing, so its area is 0."""
    widths = (boxes[:, 2] - boxes[:, 0]).clamp(min=0)
    heights = (boxes[:, 3] - boxes[:, 1]).clamp(min=0)
    return widths * heights


def box_iou(boxes1: Tensor, boxes2: Tensor) -> Tensor:
    """Intersection over union of every box in ``boxes1`` [N, 4] with every box in ``boxes2`` [M, 4].

    Returns an [N, M] tensor. Two boxes whose union is empty (both of zero area) have IoU 0:
    they overlap nothing, and 0 / 0 must not leak a NaN into the comparisons of NMS.
    """
    area1 = box_area(boxes1)
    area2 = box_area(boxes2)

    # The intersection is the box between the larger top-left and the smaller bottom-right corner.
    top_left = torch.max(boxes1[:, None, :2], boxes2[None, :, :2])  # [N, M, 2]
    bottom_right = torch.min(boxes1[:, None, 2:], boxes2[None, :, 2:])  # [N, M, 2]
    overlap = (bottom_right - top_left).clamp(min=0)
    intersection = overlap[..., 0] * overlap[..., 1]

    union = area1[:, None] + area2[None, :] - intersection
    has_area = union > 0
    # Divide only where the union is positive, so no 0 / 0 is ever computed.
    safe_union = torch.where(has_area, union, torch.ones_like(union))
    return torch.where(has_area, intersection / safe_union, torch.zeros_like(union))


def nms(boxes: Tensor, scores: Tensor, iou_threshold: float) -> Tensor:
    """Greedy non-maximum suppression, with the contract of ``torchvision.ops.nms``.

    Visit the boxes from the highest score down; keep a box unless its IoU with a box already
    kept is strictly greater than ``iou_threshold``. Returns the kept boxes' indices (int64, on
    the boxes' device) in decreasing score order. The inputs are left untouched.
    """
    device = boxes.device
    if boxes.shape[0] == 0:
        return torch.empty(0, dtype=torch.int64, device=device)

    # A stable sort makes the answer deterministic when scores tie (any tie order is valid).
    order = torch.argsort(scores, descending=True, stable=True)
    sorted_boxes = boxes[order]

    # All pairwise decisions at once; the greedy sweep itself is sequential, so it runs on the CPU.
    overlaps_too_much = (box_iou(sorted_boxes, sorted_boxes) > iou_threshold).cpu()
    suppressed = torch.zeros(len(order), dtype=torch.bool)
    kept_positions = []
    for position in range(len(order)):
        if suppressed[position]:
            continue
        kept_positions.append(position)
        suppressed |= overlaps_too_much[position]

    kept_positions_tensor = torch.tensor(kept_positions, dtype=torch.int64, device=device)
    return order[kept_positions_tensor]


def batched_nms(boxes: Tensor, scores: Tensor, idxs: Tensor, iou_threshold: float) -> Tensor:
    """NMS done separately for each category ``idxs[i]``, like ``torchvision.ops.batched_nms``.

    A bird never suppresses a balloon, however much they overlap. The kept indices of all
    categories are returned together, sorted by decreasing score.
    """
    device = boxes.device
    kept = [torch.empty(0, dtype=torch.int64, device=device)]
    for category in torch.unique(idxs):
        members = torch.nonzero(idxs == category).flatten()
        kept.append(members[nms(boxes[members], scores[members], iou_threshold)])
    kept_all = torch.cat(kept)
    by_score = torch.argsort(scores[kept_all], descending=True, stable=True)
    return kept_all[by_score]


def detection_loss(outputs: Tensor, labels: Tensor, boxes: Tensor) -> Tensor:
    """The loss of Exercise 10a for a detector with 8 outputs per image.

    ``outputs[:, :4]`` are class logits (0 = background, 1 = bird, 2 = balloon, 3 = baboon) and
    ``outputs[:, 4:]`` the predicted box. The loss is the mean cross-entropy over the batch plus
    the mean absolute error over the 4 coordinates of the images that contain an object: a
    background image has no box, so its box target is meaningless and must not contribute.
    """
    class_logits = outputs[:, :4]
    predicted_boxes = outputs[:, 4:]
    classification = F.cross_entropy(class_logits, labels)

    has_object = labels != 0
    if not bool(has_object.any()):
        # No image has a box, so there is nothing to regress: the box term is 0.
        return classification
    regression = (predicted_boxes[has_object] - boxes[has_object]).abs().mean()
    return classification + regression


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "10a": (
        "4 class probabilities (includes a background class) + 4 bounding-box coordinates. A conditional two-termed "
        "loss; e.g. a cross-entropy loss for the classification part, and e.g. a L1 or L2 loss for the bounding-box "
        "(if ≠ background)."
    ),
    "10b": "The non-max suppression algorithm as a post-processing step.",
}
