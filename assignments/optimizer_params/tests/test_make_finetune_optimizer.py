"""Public tests of make_finetune_optimizer with the default frozen blocks (block1, block2, block3)."""

from __future__ import annotations

import pytest

from autograder.compare import assert_equal

# MyPredictionNet's parameters: each block's conv weight (no bias) and batch-norm weight and bias, then fc.
PARAMETER_NAMES = [f"block{i}.{p}" for i in range(1, 7) for p in ("0.weight", "1.weight", "1.bias")] + ["fc.weight", "fc.bias"]
FROZEN = ("block1.", "block2.", "block3.")


def finetune_report(student):
    """In the worker: per named parameter, whether it requires grad and how often the optimizer holds it."""
    import torch

    torch.manual_seed(0)
    net = student.MyPredictionNet()
    optimizer = student.make_finetune_optimizer(net)
    names = {id(param): name for name, param in net.named_parameters()}
    counts = {name: 0 for name in names.values()}
    for group in optimizer.param_groups:
        for param in group["params"]:
            name = names.get(id(param), "<not a parameter of net>")
            counts[name] = counts.get(name, 0) + 1
    requires_grad = {name: param.requires_grad for name, param in net.named_parameters()}
    return {"counts": counts, "requires_grad": requires_grad}


@pytest.mark.points(1, visibility="visible")
def test_frozen_blocks_stop_requiring_grad(submission):
    requires_grad = submission.run(finetune_report)["requires_grad"]
    expected = {name: not name.startswith(FROZEN) for name in PARAMETER_NAMES}
    assert_equal(requires_grad, expected, what="each parameter's requires_grad after make_finetune_optimizer(net) (block1-3 False, the rest True)")


@pytest.mark.points(1, visibility="visible")
def test_optimizer_holds_each_unfrozen_parameter_once_and_no_frozen_one(submission):
    counts = submission.run(finetune_report)["counts"]
    expected = {name: 0 if name.startswith(FROZEN) else 1 for name in PARAMETER_NAMES}
    assert_equal(counts, expected, what="how often make_finetune_optimizer(net) holds each parameter (block1-3: 0 times, the rest, fc included: once)")
