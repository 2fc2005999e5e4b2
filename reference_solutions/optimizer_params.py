"""Reference solution: giving an optimizer the right parameters (IN5400/IN9400 exam, June 2021, Exercise 11).

The exam's training code hands SGD only the parameters of block4 to block6 (selected by name), so
block1 to block3 and fc keep their random initial weights. Its two fixes: optimise every parameter
(``make_optimizer``), or start from pretrained weights, freeze the lower blocks and train the rest,
fc included (``make_finetune_optimizer``). Its training loop is right; ``train_one_epoch`` is that
loop as a function. ``MyPredictionNet`` is given by the notebook and copied here unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import torch
from torch import Tensor, nn

# ---------------------------------------------------------------------------------------------
# Given in the notebook.
# ---------------------------------------------------------------------------------------------


def conv_block(in_channels: int, out_channels: int, stride: int = 1) -> nn.Sequential:
    """3x3 convolution, batch norm, ReLU (no conv bias: the batch norm right after has its own shift)."""
    return nn.Sequential(
        nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False),
        nn.BatchNorm2d(out_channels),
        nn.ReLU(),
    )


class MyPredictionNet(nn.Module):
    """The exam's classifier, made small: [N, 3, 16, 16] images to [N, num_classes] scores."""

    def __init__(self, num_classes: int = 3) -> None:
        super().__init__()
        self.block1 = conv_block(3, 4)
        self.block2 = conv_block(4, 4)
        self.block3 = conv_block(4, 8, stride=2)
        self.block4 = conv_block(8, 8)
        self.block5 = conv_block(8, 8, stride=2)
        self.block6 = conv_block(8, 8)
        self.somepooling = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        for block in (self.block1, self.block2, self.block3, self.block4, self.block5, self.block6):
            x = block(x)
        return self.fc(self.somepooling(x).flatten(1))


# ---------------------------------------------------------------------------------------------
# Written by the student.
# ---------------------------------------------------------------------------------------------


def make_optimizer(net: nn.Module, lr: float = 0.001, momentum: float = 0.9) -> torch.optim.SGD:
    """SGD over every parameter of ``net``, each exactly once.

    ``net.parameters()`` already visits every parameter once (shared ones included), so there is
    nothing to list by hand, and nothing to forget or repeat.
    """
    return torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)


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
    trainable = [param for param in net.parameters() if id(param) not in frozen_ids]
    return torch.optim.SGD(trainable, lr=lr, momentum=momentum)


def train_one_epoch(
    net: nn.Module,
    optimizer: torch.optim.Optimizer,
    loader: Iterable[Mapping[str, Tensor]],
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    device: str | torch.device,
) -> float:
    """One pass over ``loader``, one optimizer step per batch; returns the mean of the batch losses."""
    # Batch norm and dropout behave differently in training; the caller may have left eval mode on.
    net.train()
    losses = []
    for batch in loader:
        images = batch["img"].to(device)
        labels = batch["labels"].to(device)
        # Gradients add up in .grad; clear the previous batch's before computing this one's.
        optimizer.zero_grad()
        loss = loss_fn(net(images), labels)
        loss.backward()
        optimizer.step()
        # .item() gives a float and lets the batch's graph be freed.
        losses.append(loss.item())
    return sum(losses) / len(losses)


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
# 2a-2c, 3a and 13b are from other exercises of the exam (2, 3 and 13), asked here because they are about training.
TEACHER_ANSWERS: dict[str, str] = {
    "11a": (
        "block1 to block3 and also the fc layer are never trained during the optimization. Note that all parameters "
        "are randomly initialized."
    ),
    "11b": (
        "variant 1: Therefore, include block1 to block3 and fc in the optimizer.\n"
        "variant 2: initialize the whole net with weights pretrained from another task, then freezing lower parts "
        "likely wont harm the training much, and include the layer named fc in the optimizer."
    ),
    "2a": (
        "a too high learning rate can lead to divergence of learnt parameters. That is ‖w_t‖ → ∞. This can be seen "
        "by looking at the train loss. If the train loss and the validation loss are both not going down as "
        "expected, compared to the case when training a model with a lower learning rate."
    ),
    "2b": (
        "when the training loss goes further down, but the validation data loss does not go down at the same rate.\n"
        "sketch omitted here"
    ),
    "2c": (
        "if one selects hyperparameters on the test set, then one could start to overfit to specifics of the data in "
        "the testset. This means that the choice of hyperparameters gives a higher performance on the particular "
        "testset and a lower performance on other datasets drawn from the same source as the test set used."
    ),
    "3a": (
        "learning rate decay scheme\n"
        "data augmentation at training time\n"
        "ensemble models"
    ),
    "13b": (
        "removing would likely lead to less overfitting as one has for the same data much less parameters. Adding a "
        "fully-connected layer would in many cases lead to more overfitting because of more parameters and same "
        "training data."
    ),
}
