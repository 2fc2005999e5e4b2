"""batched_nms concatenates the per-category results without sorting them by score."""

import torch
from torch import Tensor


def batched_nms(boxes: Tensor, scores: Tensor, idxs: Tensor, iou_threshold: float) -> Tensor:
    device = boxes.device
    kept = [torch.empty(0, dtype=torch.int64, device=device)]
    for category in torch.unique(idxs):
        members = torch.nonzero(idxs == category).flatten()
        kept.append(members[nms(boxes[members], scores[members], iou_threshold)])
    return torch.cat(kept)
