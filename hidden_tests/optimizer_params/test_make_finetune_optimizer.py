"""Hidden tests of make_finetune_optimizer: frozen blocks stop requiring gradients and stay put; the rest is optimized once."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_close, assert_tensor_equal

DTYPES = ("float32", "float64")
TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-6}, "float64": {"rtol": 1e-9, "atol": 1e-12}}
CUDA_FLOAT32 = {"rtol": 1e-3, "atol": 1e-4}


def tolerance(dtype: str, device: str) -> dict:
    """float32 convolutions on a GPU may run in TF32 (about 3 significant digits), here and in the worker alike."""
    return CUDA_FLOAT32 if (dtype, device) == ("float32", "cuda") else TOLERANCE[dtype]
FROZEN_CHOICES = ({}, {"frozen": ("block2", "block5")}, {"frozen": ("block1", "block2", "block3", "block4", "block6")})


def optimizer_report(student, kwargs):
    """In the worker: what make_finetune_optimizer(net, **kwargs) holds and which parameters still require grad.

    ``counts`` says how often each parameter appears over all param_groups (anything the optimizer
    holds that is not a parameter of the net counts under one extra name); ``settings`` gives the
    lr and momentum of the group a parameter is in.
    """
    import torch

    torch.manual_seed(0)
    net = student.MyPredictionNet()
    optimizer = student.make_finetune_optimizer(net, **kwargs)
    names = {id(param): name for name, param in net.named_parameters()}
    counts = {name: 0 for name in names.values()}
    settings = {}
    for group in optimizer.param_groups:
        for param in group["params"]:
            name = names.get(id(param), "<not a parameter of net>")
            counts[name] = counts.get(name, 0) + 1
            settings[name] = [group.get("lr"), group.get("momentum")]
    requires_grad = {name: param.requires_grad for name, param in net.named_parameters()}
    return {"type": type(optimizer).__name__, "counts": counts, "settings": settings, "requires_grad": requires_grad}


def parameters_after_steps(student, weights, batches, device, dtype, kwargs):
    """In the worker: the net's parameters after one SGD step per batch with make_finetune_optimizer(net, **kwargs)."""
    import torch
    import torch.nn.functional as F

    real = getattr(torch, dtype)
    net = student.MyPredictionNet()
    net.load_state_dict(weights)
    net.to(device=device, dtype=real).train()
    optimizer = student.make_finetune_optimizer(net, **kwargs)
    for batch in batches:
        optimizer.zero_grad()
        loss = F.cross_entropy(net(batch["img"].to(device=device, dtype=real)), batch["labels"].to(device))
        loss.backward()
        optimizer.step()
    return {name: param.detach().clone() for name, param in net.named_parameters()}


def random_weights(module: torch.nn.Module, seed: int) -> dict[str, torch.Tensor]:
    """Every entry of ``module``'s state_dict redrawn from ``seed``, batch-norm statistics included."""
    g = torch.Generator().manual_seed(seed)
    weights = {}
    for name, value in module.state_dict().items():
        if not value.is_floating_point():
            weights[name] = value.clone()
        elif name.endswith("running_var"):
            weights[name] = torch.rand(value.shape, generator=g) + 0.5
        elif value.dim() > 1:
            weights[name] = torch.randn(value.shape, generator=g) / value[0].numel() ** 0.5
        elif name.endswith("weight"):
            weights[name] = 1 + 0.2 * torch.randn(value.shape, generator=g)
        else:
            weights[name] = 0.2 * torch.randn(value.shape, generator=g)
    return weights


def random_batches(seed: int, count: int = 2) -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    return [
        {"img": torch.randn(5, 3, 16, 16, generator=g), "labels": torch.randint(0, 3, (5,), generator=g)}
        for _ in range(count)
    ]


def call_text(kwargs: dict) -> str:
    return "make_finetune_optimizer(net" + "".join(f", {key}={value!r}" for key, value in kwargs.items()) + ")"


@pytest.mark.points(1, visibility="hidden")
def test_frozen_blocks_stop_requiring_grad(submission, reference):
    for kwargs in FROZEN_CHOICES:
        got = submission.run(optimizer_report, kwargs)
        expected = optimizer_report(reference, kwargs)
        assert_equal(got["requires_grad"], expected["requires_grad"], what=f"each parameter's requires_grad after {call_text(kwargs)}")


@pytest.mark.points(1.5, visibility="hidden")
def test_optimizer_holds_exactly_the_unfrozen_parameters_once(submission, reference):
    for kwargs in FROZEN_CHOICES:
        got = submission.run(optimizer_report, kwargs)
        expected = optimizer_report(reference, kwargs)
        assert_equal(got["counts"], expected["counts"], what=f"how often each parameter appears in {call_text(kwargs)}")


@pytest.mark.points(0.5, visibility="hidden")
def test_lr_and_momentum_are_passed_on_to_sgd(submission, reference):
    kwargs = {"lr": 0.037, "momentum": 0.55}
    got = submission.run(optimizer_report, kwargs)
    expected = optimizer_report(reference, kwargs)
    assert_equal(got["type"], expected["type"], what=f"the type of {call_text(kwargs)}")
    assert_equal(got["settings"], expected["settings"], what=f"[lr, momentum] of each parameter's group for {call_text(kwargs)}")


@pytest.mark.points(1.5, visibility="hidden")
def test_steps_change_only_the_unfrozen_parameters(submission, reference, device):
    weights = random_weights(reference.MyPredictionNet(), seed=401)
    batches = random_batches(seed=402)
    kwargs = {"frozen": ("block1", "block4"), "lr": 0.1, "momentum": 0.8}
    frozen_prefixes = tuple(f"{block}." for block in kwargs["frozen"])
    for dtype in DTYPES:
        got = submission.run(parameters_after_steps, weights, batches, device, dtype, kwargs)
        expected = parameters_after_steps(reference, weights, batches, device, dtype, kwargs)
        assert_equal(sorted(got), sorted(expected), what="the names of the net's parameters")
        for name, value in expected.items():
            what = f"{name} after two steps of {call_text(kwargs)} ({dtype})"
            if name.startswith(frozen_prefixes):
                assert_tensor_equal(got[name], weights[name].to(device=device, dtype=getattr(torch, dtype)), what=what)
            else:
                assert_tensor_close(got[name], value, what=what, **tolerance(dtype, device))
