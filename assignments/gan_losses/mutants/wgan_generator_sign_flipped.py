"""wgan_generator_loss returns +mean(critic_fake)."""

from torch import Tensor


def wgan_generator_loss(critic_fake: Tensor) -> Tensor:
    return critic_fake.mean()
