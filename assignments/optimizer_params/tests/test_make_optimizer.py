"""Public tests of make_optimizer: an SGD optimizer with the default settings that holds every parameter once."""

from __future__ import annotations

import pytest

from autograder.compare import assert_equal


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
    assert_equal({name: count for name, count in counts.items() if count != 1}, {}, what="the parameters that make_optimizer(net) does not hold exactly once (name: count)")
    assert_equal(len(counts), 26, what="the number of parameters of MyPredictionNet (6 blocks x 4, plus fc.weight and fc.bias)")
