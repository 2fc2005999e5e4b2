"""generator_loss sums over the batch instead of averaging."""

import torch.nn.functional as F
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    return -F.logsigmoid(d_fake_logits).sum()
