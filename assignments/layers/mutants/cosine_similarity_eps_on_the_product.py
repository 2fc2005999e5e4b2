"""cosine_similarity bounds the product of the norms by eps, not each norm on its own."""

import torch
from torch import Tensor


def cosine_similarity(v: Tensor, w: Tensor, eps: float = 1e-8) -> Tensor:
    norms = torch.sqrt((v * v).sum(dim=-1)) * torch.sqrt((w * w).sum(dim=-1))
    return (v * w).sum(dim=-1) / norms.clamp_min(eps)
