"""adain multiplies by sigma(content) and divides by sigma(style): the two spreads change places."""

from torch import Tensor


def adain(content: Tensor, style: Tensor, eps: float = 1e-5) -> Tensor:
    content_mean, content_std = _mean_and_std(content, eps)
    style_mean, style_std = _mean_and_std(style.flatten(2), eps)
    shape = (*style_mean.shape[:2], *([1] * (content.dim() - 2)))
    return content_std * (content - content_mean) / style_std.reshape(shape) + style_mean.reshape(shape)
