"""train_one_epoch: zero_grad is called between backward and step, so step sees no gradient."""

from collections.abc import Callable, Iterable, Mapping
import torch
from torch import Tensor, nn


def train_one_epoch(
    net: nn.Module,
    optimizer: torch.optim.Optimizer,
    loader: Iterable[Mapping[str, Tensor]],
    loss_fn: Callable[[Tensor, Tensor], Tensor],
    device: str | torch.device,
) -> float:
    # Batch norm and dropout behave differently in training; the caller may have left eval mode on.
    net.train()
    losses = []
    for batch in loader:
        images = batch["img"].to(device)
        labels = batch["labels"].to(device)
        # Gradients add up in .grad; clear the previous batch's before computing this one's.
        loss = loss_fn(net(images), labels)
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        # .item() gives a float and lets the batch's graph be freed.
        losses.append(loss.item())
    return sum(losses) / len(losses)
