"""make_optimizer lists block4's parameters twice (the exam's broken list)."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    params = list(net.parameters()) + list(net.block4.parameters())
    return torch.optim.SGD(params, lr=lr, momentum=momentum)
