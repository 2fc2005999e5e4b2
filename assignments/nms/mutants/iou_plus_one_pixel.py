"""box_iou: uses the old +1 pixel convention for widths and heights (area of [0,0,1,1] is 4)."""

import torch
from torch import Tensor


def box_area(boxes: Tensor) -> Tensor:
    widths = (boxes[:, 2] - boxes[:, 0] + 1).clamp(min=0)
    heights = (boxes[:, 3] - boxes[:, 1] + 1).clamp(min=0)
    return widths * heights


def box_iou(boxes1: Tensor, boxes2: Tensor) -> Tensor:
    area1 = box_area(boxes1)
    area2 = box_area(boxes2)

    # The intersection is the box between the larger top-left and the smaller bottom-right corner.
    top_left = torch.max(boxes1[:, None, :2], boxes2[None, :, :2])  # [N, M, 2]
    bottom_right = torch.min(boxes1[:, None, 2:], boxes2[None, :, 2:])  # [N, M, 2]
    overlap = (bottom_right - top_left + 1).clamp(min=0)
    intersection = overlap[..., 0] * overlap[..., 1]

    union = area1[:, None] + area2[None, :] - intersection
    has_area = union > 0
    # Divide only where the union is positive, so no 0 / 0 is ever computed.
    safe_union = torch.where(has_area, union, torch.ones_like(union))
    return torch.where(has_area, intersection / safe_union, torch.zeros_like(union))
