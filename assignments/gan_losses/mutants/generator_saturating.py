"""generator_loss uses the saturating minimax loss mean(log(1 - D(G(z))))."""

import torch
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    return torch.log(1 - torch.sigmoid(d_fake_logits)).mean()
