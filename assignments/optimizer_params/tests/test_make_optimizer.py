"""Public tests of make_optimizer: an SGD optimizer with the default settings that holds every parameter once."""

from __future__ import annotations

import pytest

from autograder.compare import assert_equal

# MyPredictionNet's parameters: each block's conv weight (no bias) and batch-norm weight and bias, then fc.
PARAMETER_NAMES = [f"block{i}.{p}" for i in range(1, 7) for p in ("0.weight", "1.weight", "1.bias")] + ["fc.weight", "fc.bias"]


def optimizer_report(student):
    """In the worker: make_optimizer(net)'s type and, per named parameter, its count and [lr, momentum]."""
    import torch

    torch.manual_seed(0)
    net = student.MyPredictionNet()
    optimizer = student.make_optimizer(net)
    names = {id(param): name for name, param in net.named_parameters()}
    counts = {name: 0 for name in names.values()}
    settings = {}
    for group in optimizer.param_groups:
        for param in group["params"]:
            name = names.get(id(param), "<not a parameter of net>")
            counts[name] = counts.get(name, 0) + 1
            settings[name] = [group.get("lr"), group.get("momentum")]
    return {"type": type(optimizer).__name__, "counts": counts, "settings": settings}


@pytest.mark.points(1, visibility="visible")
def test_optimizer_is_sgd_with_the_default_settings(submission):
    got = submission.run(optimizer_report)
    assert_equal(got["type"], "SGD", what="type(make_optimizer(net)).__name__")
    assert_equal(
        sorted({tuple(setting) for setting in got["settings"].values()}),
        [(0.001, 0.9)],
        what="the (lr, momentum) pairs of make_optimizer(net)'s parameter groups",
    )


@pytest.mark.points(1, visibility="visible")
def test_optimizer_holds_every_parameter_exactly_once(submission):
    counts = submission.run(optimizer_report)["counts"]
    assert_equal(counts, {name: 1 for name in PARAMETER_NAMES}, what="how often make_optimizer(net) holds each parameter of the net (name: count)")
