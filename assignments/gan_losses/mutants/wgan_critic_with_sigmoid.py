"""wgan_critic_loss squashes the critic scores with a sigmoid, as if they were probabilities."""

import torch
from torch import Tensor


def wgan_critic_loss(critic_real: Tensor, critic_fake: Tensor) -> Tensor:
    return torch.sigmoid(critic_fake).mean() - torch.sigmoid(critic_real).mean()
