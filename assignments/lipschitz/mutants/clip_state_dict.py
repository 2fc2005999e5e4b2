"""clip_weights clamps everything in state_dict(), batch-norm statistics included."""

from torch import Tensor, nn


def clip_weights(critic: nn.Module, c: float) -> None:
    for tensor in critic.state_dict().values():
        tensor.clamp_(-c, c)
