"""make_finetune_optimizer: the fine-tuning optimizer gets the unfrozen blocks' parameters but not fc's."""

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
            param.requires_grad_(False)
            frozen_ids.add(id(param))
    trainable = []
    for name in ("block1", "block2", "block3", "block4", "block5", "block6"):
        if name not in frozen:
            trainable += list(getattr(net, name).parameters())
    return torch.optim.SGD(trainable, lr=lr, momentum=momentum)
