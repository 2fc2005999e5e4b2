"""generator_loss returns a Python float (.item()), which cannot be backpropagated."""

import torch.nn.functional as F
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    return -F.logsigmoid(d_fake_logits).mean().item()
