"""Hidden tests of make_optimizer: SGD over every parameter of the net exactly once, with the given lr and momentum."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_close

DTYPES = ("float32", "float64")
TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-6}, "float64": {"rtol": 1e-9, "atol": 1e-12}}
CUDA_FLOAT32 = {"rtol": 1e-3, "atol": 1e-4}


def tolerance(dtype: str, device: str) -> dict:
    """float32 convolutions on a GPU may run in TF32 (about 3 significant digits), here and in the worker alike."""
    return CUDA_FLOAT32 if (dtype, device) == ("float32", "cuda") else TOLERANCE[dtype]


def optimizer_report(student, kwargs):
    """In the worker: what make_optimizer(net, **kwargs) holds, per named parameter of the net.

    ``counts`` says how often each parameter appears over all param_groups (anything the optimizer
    holds that is not a parameter of the net counts under one extra name); ``settings`` gives the
    lr and momentum of the group a parameter is in.
    """
    import torch

    torch.manual_seed(0)
    net = student.MyPredictionNet()
    optimizer = student.make_optimizer(net, **kwargs)
    names = {id(param): name for name, param in net.named_parameters()}
    counts = {name: 0 for name in names.values()}
    settings = {}
    for group in optimizer.param_groups:
        for param in group["params"]:
            name = names.get(id(param), "<not a parameter of net>")
            counts[name] = counts.get(name, 0) + 1
            settings[name] = [group.get("lr"), group.get("momentum")]
    return {"type": type(optimizer).__name__, "counts": counts, "settings": settings}


def parameters_after_steps(student, weights, batches, device, dtype, kwargs):
    """In the worker: the net's parameters after one SGD step per batch with make_optimizer(net, **kwargs)."""
    import torch
    import torch.nn.functional as F

    real = getattr(torch, dtype)
    net = student.MyPredictionNet()
    net.load_state_dict(weights)
    net.to(device=device, dtype=real).train()
    optimizer = student.make_optimizer(net, **kwargs)
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


@pytest.mark.points(1.5, visibility="hidden")
def test_every_parameter_is_optimized_exactly_once(submission, reference):
    got = submission.run(optimizer_report, {})
    assert_equal(got["counts"], optimizer_report(reference, {})["counts"], what="how often each parameter of the net appears in the optimizer")


@pytest.mark.points(1, visibility="hidden")
def test_lr_and_momentum_are_passed_on_to_sgd(submission, reference):
    kwargs = {"lr": 0.037, "momentum": 0.55}
    got = submission.run(optimizer_report, kwargs)
    expected = optimizer_report(reference, kwargs)
    assert_equal(got["type"], expected["type"], what="the type of make_optimizer(net, lr=0.037, momentum=0.55)")
    assert_equal(got["settings"], expected["settings"], what="[lr, momentum] of each parameter's group for make_optimizer(net, lr=0.037, momentum=0.55)")


@pytest.mark.points(2, visibility="hidden")
def test_two_steps_update_the_parameters_like_the_reference(submission, reference, device):
    weights = random_weights(reference.MyPredictionNet(), seed=301)
    batches = random_batches(seed=302)
    kwargs = {"lr": 0.1, "momentum": 0.8}
    for dtype in DTYPES:
        got = submission.run(parameters_after_steps, weights, batches, device, dtype, kwargs)
        expected = parameters_after_steps(reference, weights, batches, device, dtype, kwargs)
        assert_equal(sorted(got), sorted(expected), what="the names of the net's parameters")
        for name, value in expected.items():
            assert_tensor_close(got[name], value, what=f"{name} after two SGD steps ({dtype})", **tolerance(dtype, device))
