"""Public tests of make_finetune_optimizer with the default frozen blocks (block1, block2, block3)."""

from __future__ import annotations

import pytest

from autograder.compare import assert_equal

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
    wrong = {name: flag for name, flag in requires_grad.items() if flag == name.startswith(FROZEN)}
    assert_equal(wrong, {}, what="the parameters whose requires_grad is wrong (block1-3 should be False, the rest True)")


@pytest.mark.points(1, visibility="visible")
def test_optimizer_holds_each_unfrozen_parameter_once_and_no_frozen_one(submission):
    counts = submission.run(finetune_report)["counts"]
    wrong = {name: count for name, count in counts.items() if count != (0 if name.startswith(FROZEN) else 1)}
    assert_equal(wrong, {}, what="the parameters held a wrong number of times (name: count; block1-3 should be 0, the rest, fc included, 1)")
