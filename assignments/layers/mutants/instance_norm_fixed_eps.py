"""instance_norm ignores its eps argument and always uses 1e-5."""

import torch
from torch import Tensor


def instance_norm(x: Tensor, eps: float = 1e-5) -> Tensor:
    dims = _spatial_dims(x)
    mean = x.mean(dim=dims, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    return (x - mean) / torch.sqrt(variance + 1e-5)
