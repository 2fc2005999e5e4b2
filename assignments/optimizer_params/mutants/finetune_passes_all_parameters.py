"""make_finetune_optimizer: the frozen blocks stop requiring grad, but the optimizer is given every parameter."""

from collections.abc import Callable, Iterable, Mapping
import torch
from torch import Tensor, nn


def make_finetune_optimizer(
    net: nn.Module,
    frozen: Iterable[str] = ("block1", "block2", "block3"),
    lr: float = 0.001,
    momentum: float = 0.9,
) -> torch.optim.SGD:
    """Freeze the named blocks and return SGD over all the other parameters, each exactly once.

    Freezing means ``requires_grad=False``: autograd then computes no gradient for those weights
    (saving time and memory), and the optimizer is not even given them. Leaving them out of the
    optimizer alone would keep them fixed too, but would still pay for their gradients.
    """
    frozen_ids = set()
    for name in frozen:
        for param in getattr(net, name).parameters():
            param.requires_grad_(False)
            frozen_ids.add(id(param))
    trainable = list(net.parameters())
    return torch.optim.SGD(trainable, lr=lr, momentum=momentum)
