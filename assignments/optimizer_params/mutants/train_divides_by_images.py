"""train_one_epoch: the summed batch losses are divided by the number of images, not of batches."""

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
    images_seen = 0
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
        images_seen += len(images)
    return sum(losses) / images_seen
