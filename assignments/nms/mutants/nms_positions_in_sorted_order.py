"""nms: returns positions in the score-sorted order, not indices of the original boxes."""

import torch
from torch import Tensor


def nms(boxes: Tensor, scores: Tensor, iou_threshold: float) -> Tensor:
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

    return torch.tensor(kept_positions, dtype=torch.int64, device=device)
