"""discriminator_loss computes log(1 - sigmoid(x)) directly: -inf once sigmoid rounds to 1."""

import torch
import torch.nn.functional as F
from torch import Tensor


def discriminator_loss(d_real_logits: Tensor, d_fake_logits: Tensor) -> Tensor:
    real_term = F.logsigmoid(d_real_logits).mean()
    fake_term = torch.log(1 - torch.sigmoid(d_fake_logits)).mean()
    return -real_term - fake_term
