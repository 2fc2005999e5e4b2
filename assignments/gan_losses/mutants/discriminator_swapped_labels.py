"""discriminator_loss treats the fakes as real and the real samples as fake."""

import torch.nn.functional as F
from torch import Tensor


def discriminator_loss(d_real_logits: Tensor, d_fake_logits: Tensor) -> Tensor:
    real_term = F.logsigmoid(d_fake_logits).mean()
    fake_term = F.logsigmoid(-d_real_logits).mean()
    return -real_term - fake_term
