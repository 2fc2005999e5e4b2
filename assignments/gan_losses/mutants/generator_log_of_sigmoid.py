"""generator_loss computes log(sigmoid(x)) directly: infinite gradient at -100 in float32."""

import torch
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    return -torch.log(torch.sigmoid(d_fake_logits)).mean()
