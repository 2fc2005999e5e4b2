"""clip_weights assigns the clamped tensor to the loop variable, which changes nothing."""

from torch import Tensor, nn


def clip_weights(critic: nn.Module, c: float) -> None:
    for parameter in critic.parameters():
        parameter = parameter.clamp(-c, c)
