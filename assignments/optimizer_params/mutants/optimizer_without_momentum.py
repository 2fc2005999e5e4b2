"""make_optimizer does not pass momentum on to SGD."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    return torch.optim.SGD(net.parameters(), lr=lr)
