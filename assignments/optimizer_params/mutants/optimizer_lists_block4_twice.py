"""make_optimizer lists block4's parameters twice (the exam's broken list)."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    """SGD over every parameter of ``net``, each exactly once.

    ``net.parameters()`` already visits every parameter once (shared ones included), so there is
    nothing to list by hand, and nothing to forget or repeat.
    """
    params = list(net.parameters()) + list(net.block4.parameters())
    return torch.optim.SGD(params, lr=lr, momentum=momentum)
