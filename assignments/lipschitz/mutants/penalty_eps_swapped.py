"""gradient_penalty interpolates (1 - eps) * real + eps * fake."""

import torch
from torch import Tensor, nn


def gradient_penalty(critic: nn.Module, real: Tensor, fake: Tensor, eps: float | Tensor) -> Tensor:
    x_hat = ((1 - eps) * real + eps * fake).requires_grad_(True)
    scores = critic(x_hat)
    # Each sample's score depends only on that sample, so the gradient of the sum gives the
    # gradient of every score with respect to its own input.
    (grads,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)
    norms = grads.flatten(start_dim=1).norm(p=2, dim=1)
    return ((norms - 1) ** 2).mean()
