"""make_optimizer lists the six blocks' parameters but forgets fc."""

import torch
from torch import Tensor, nn


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    params = []
    for block in (net.block1, net.block2, net.block3, net.block4, net.block5, net.block6):
        params += list(block.parameters())
    return torch.optim.SGD(params, lr=lr, momentum=momentum)
