"""make_optimizer does not pass momentum on to SGD."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    """SGD over every parameter of ``net``, each exactly once.

    ``net.parameters()`` already visits every parameter once (shared ones included), so there is
    nothing to list by hand, and nothing to forget or repeat.
    """
    return torch.optim.SGD(net.parameters(), lr=lr)
