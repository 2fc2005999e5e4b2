"""cosine_similarity divides by the plain norms: a zero vector gives NaN."""

import torch
from torch import Tensor


def cosine_similarity(v: Tensor, w: Tensor, eps: float = 1e-8) -> Tensor:
    return (v * w).sum(dim=-1) / (torch.sqrt((v * v).sum(dim=-1)) * torch.sqrt((w * w).sum(dim=-1)))
