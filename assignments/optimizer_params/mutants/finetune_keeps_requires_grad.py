"""make_finetune_optimizer: the frozen blocks are left out of the optimizer but still require grad."""

from collections.abc import Callable, Iterable, Mapping
import torch
from torch import Tensor, nn


def make_finetune_optimizer(
    net: nn.Module,
    frozen: Iterable[str] = ("block1", "block2", "block3"),
    lr: float = 0.001,
    momentum: float = 0.9,
) -> torch.optim.SGD:
    frozen_ids = set()
    for name in frozen:
        for param in getattr(net, name).parameters():
            frozen_ids.add(id(param))
    trainable = [param for param in net.parameters() if id(param) not in frozen_ids]
    return torch.optim.SGD(trainable, lr=lr, momentum=momentum)
