"""clip_weights clamps parameters named weight and forgets the biases."""

import torch
from torch import Tensor, nn


def clip_weights(critic: nn.Module, c: float) -> None:
    with torch.no_grad():
        for name, parameter in critic.named_parameters():
            if "weight" in name:
                parameter.clamp_(-c, c)
