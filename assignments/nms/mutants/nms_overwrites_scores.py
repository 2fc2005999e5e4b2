"""nms: marks visited boxes by writing -1 into the caller's scores tensor."""

import torch
from torch import Tensor


def nms(boxes: Tensor, scores: Tensor, iou_threshold: float) -> Tensor:
    device = boxes.device
    iou = box_iou(boxes, boxes)
    remaining = torch.ones(len(scores), dtype=torch.bool, device=device)
    keep = []
    while bool(remaining.any()):
        best = int(torch.argmax(scores))
        keep.append(best)
        remaining &= iou[best] <= iou_threshold
        remaining[best] = False
        scores[~remaining] = -1  # so that argmax never picks them again
    return torch.tensor(keep, dtype=torch.int64, device=device)
