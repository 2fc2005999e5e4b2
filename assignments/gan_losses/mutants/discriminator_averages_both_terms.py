"""discriminator_loss takes one BCE over real and fake together: half the sum of the two means."""

import torch
import torch.nn.functional as F
from torch import Tensor


def discriminator_loss(d_real_logits: Tensor, d_fake_logits: Tensor) -> Tensor:
    logits = torch.cat([d_real_logits.flatten(), d_fake_logits.flatten()])
    targets = torch.cat([torch.ones_like(d_real_logits.flatten()), torch.zeros_like(d_fake_logits.flatten())])
    return F.binary_cross_entropy_with_logits(logits, targets)
