"""generator_loss averages over dim 0 only: a [B, 1] input gives a [1] loss."""

import torch.nn.functional as F
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    return -F.logsigmoid(d_fake_logits).mean(dim=0)
