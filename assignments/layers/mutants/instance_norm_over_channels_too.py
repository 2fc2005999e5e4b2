"""instance_norm normalises each sample over its channels and positions together (layer norm)."""

import torch
from torch import Tensor


def instance_norm(x: Tensor, eps: float = 1e-5) -> Tensor:
    dims = list(range(1, x.dim()))
    mean = x.mean(dim=dims, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    return (x - mean) / torch.sqrt(variance + eps)
