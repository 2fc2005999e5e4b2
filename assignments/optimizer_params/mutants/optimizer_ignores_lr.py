"""make_optimizer hard-codes lr=0.001 instead of using its argument."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    """SGD over every parameter of ``net``, each exactly once.

    ``net.parameters()`` already visits every parameter once (shared ones included), so there is
    nothing to list by hand, and nothing to forget or repeat.
    """
    return torch.optim.SGD(net.parameters(), lr=0.001, momentum=momentum)
