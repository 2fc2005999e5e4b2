"""generator_loss uses the saturating minimax loss mean(log(1 - D(G(z))))."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    """The non-saturating generator loss, -mean(log D(G(z))).

    The original minimax loss mean(log(1 - D(G(z)))) has almost no gradient early in training,
    when D confidently rejects the fakes; maximising log D(G(z)) instead gives a strong gradient
    exactly then.
    """
    return torch.log(1 - torch.sigmoid(d_fake_logits)).mean()


def discriminator_loss(d_real_logits: Tensor, d_fake_logits: Tensor) -> Tensor:
    """The discriminator's loss, -mean(log D(x)) - mean(log(1 - D(G(z)))).

    That is binary cross-entropy with label 1 for real and 0 for fake samples. Uses
    log(1 - sigmoid(t)) = logsigmoid(-t).
    """
    real_term = F.logsigmoid(d_real_logits).mean()
    fake_term = F.logsigmoid(-d_fake_logits).mean()
    return -real_term - fake_term


def wgan_critic_loss(critic_real: Tensor, critic_fake: Tensor) -> Tensor:
    """The WGAN critic's loss, mean(critic(G(z))) - mean(critic(x)).

    The critic maximises the estimate mean(critic(x)) - mean(critic(G(z))) of the Wasserstein
    distance; minimising its negative does that. Its outputs are raw scores, not probabilities.
    """
    return critic_fake.mean() - critic_real.mean()


def wgan_generator_loss(critic_fake: Tensor) -> Tensor:
    """The WGAN generator's loss, -mean(critic(G(z))): make the critic score the fakes high."""
    return -critic_fake.mean()
