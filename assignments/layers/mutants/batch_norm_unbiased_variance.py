"""batch_norm uses torch.var as it comes: the unbiased variance (divided by n - 1)."""

import torch
from torch import Tensor


def batch_norm(x: Tensor, gamma: Tensor, beta: Tensor, eps: float = 1e-5) -> Tensor:
    dims = [0, *_spatial_dims(x)]
    mean = x.mean(dim=dims, keepdim=True)
    variance = x.var(dim=dims, keepdim=True)
    normalised = (x - mean) / torch.sqrt(variance + eps)
    return _per_channel(gamma, x) * normalised + _per_channel(beta, x)
