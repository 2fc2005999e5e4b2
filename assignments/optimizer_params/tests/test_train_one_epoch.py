"""Public tests of train_one_epoch: it returns the mean batch loss as a float, trains, and sets train mode."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_scalar_close


def one_epoch(student, batches, lr):
    """In the worker: train_one_epoch on a fresh net left in eval mode; what it returned and what it did.

    With lr=0 the weights stay put, so each batch's loss can be recomputed afterwards (in train
    mode, batch norm uses the batch's own statistics, so the running averages do not matter).
    """
    import torch

    torch.manual_seed(0)
    net = student.MyPredictionNet().eval()
    fc_before = net.fc.weight.detach().clone()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    mean_loss = student.train_one_epoch(net, optimizer, batches, loss_fn, "cpu")
    training = net.training
    net.train()
    with torch.no_grad():
        losses = [loss_fn(net(batch["img"]), batch["labels"]).item() for batch in batches]
    return {
        "mean_loss": mean_loss,
        "recomputed_mean": sum(losses) / len(losses),
        "training": training,
        "fc_changed": not torch.equal(net.fc.weight, fc_before),
    }


def example_batches() -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(2)
    return [
        {"img": torch.randn(4, 3, 16, 16, generator=g), "labels": torch.randint(0, 3, (4,), generator=g)}
        for _ in range(3)
    ]


@pytest.mark.points(1, visibility="visible")
def test_returns_the_mean_batch_loss_as_a_float(submission):
    got = submission.run(one_epoch, example_batches(), 0.0)
    # assert_scalar_close also insists on a Python number: a tensor (no .item()) fails here.
    assert_scalar_close(got["mean_loss"], got["recomputed_mean"], rtol=1e-5, what="the mean loss train_one_epoch returned (3 batches, lr=0 so the weights do not move)")


@pytest.mark.points(1, visibility="visible")
def test_sets_train_mode_and_updates_the_weights(submission):
    got = submission.run(one_epoch, example_batches(), 0.1)
    assert_equal(got["training"], True, what="net.training after train_one_epoch (the net was handed over in eval mode)")
    assert_equal(got["fc_changed"], True, what="whether fc.weight changed after one epoch with lr=0.1")
