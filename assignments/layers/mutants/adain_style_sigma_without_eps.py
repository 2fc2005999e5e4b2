"""adain takes the style's sigma as the plain standard deviation, without eps under the square root."""

import torch
from torch import Tensor


def adain(content: Tensor, style: Tensor, eps: float = 1e-5) -> Tensor:
    style_mean, _ = _mean_and_std(style.flatten(2), eps)
    style_std = torch.sqrt(((style.flatten(2) - style_mean) ** 2).mean(dim=2, keepdim=True))
    shape = (*style_mean.shape[:2], *([1] * (content.dim() - 2)))
    return style_std.reshape(shape) * instance_norm(content, eps) + style_mean.reshape(shape)
