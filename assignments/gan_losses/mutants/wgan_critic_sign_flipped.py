"""wgan_critic_loss returns mean(critic_real) - mean(critic_fake)."""

from torch import Tensor


def wgan_critic_loss(critic_real: Tensor, critic_fake: Tensor) -> Tensor:
    return critic_real.mean() - critic_fake.mean()
