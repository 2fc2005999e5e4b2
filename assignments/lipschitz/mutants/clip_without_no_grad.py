"""clip_weights clamps the parameters in place while autograd is recording, which torch refuses."""

from torch import Tensor, nn


def clip_weights(critic: nn.Module, c: float) -> None:
    for parameter in critic.parameters():
        parameter.clamp_(-c, c)
