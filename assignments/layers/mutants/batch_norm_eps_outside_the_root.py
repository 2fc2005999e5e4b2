"""batch_norm adds eps to the standard deviation instead of to the variance under the square root."""

import torch
from torch import Tensor


def batch_norm(x: Tensor, gamma: Tensor, beta: Tensor, eps: float = 1e-5) -> Tensor:
    dims = [0, *_spatial_dims(x)]
    mean = x.mean(dim=dims, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    normalised = (x - mean) / (torch.sqrt(variance) + eps)
    return _per_channel(gamma, x) * normalised + _per_channel(beta, x)
