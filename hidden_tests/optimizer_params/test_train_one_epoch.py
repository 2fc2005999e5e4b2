"""Hidden tests of train_one_epoch: train mode, one clean step per batch, the mean of the batch losses."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_scalar_close, assert_tensor_close, assert_tensor_equal

DTYPES = ("float32", "float64")
TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-6}, "float64": {"rtol": 1e-9, "atol": 1e-12}}
CUDA_FLOAT32 = {"rtol": 1e-3, "atol": 1e-4}


def tolerance(dtype: str, device: str) -> dict:
    """float32 convolutions on a GPU may run in TF32 (about 3 significant digits), here and in the worker alike."""
    return CUDA_FLOAT32 if (dtype, device) == ("float32", "cuda") else TOLERANCE[dtype]


def one_epoch(student, weights, batches, device, dtype, lr=0.1, momentum=0.8):
    """In the worker: train_one_epoch on a net left in eval mode; the returned loss and the net's state after.

    The batches stay on the CPU, as a DataLoader would give them: moving them is train_one_epoch's job.
    """
    import torch

    real = getattr(torch, dtype)
    net = student.MyPredictionNet()
    net.load_state_dict(weights)
    net.to(device=device, dtype=real).eval()
    optimizer = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    loader = [{"img": batch["img"].to(real), "labels": batch["labels"].clone()} for batch in batches]
    mean_loss = student.train_one_epoch(net, optimizer, loader, torch.nn.CrossEntropyLoss(), device)
    state = {name: value.detach().clone() for name, value in net.state_dict().items()}
    return {"mean_loss": mean_loss, "training": net.training, "state": state}


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


def random_batches(seed: int, count: int = 3) -> list[dict[str, torch.Tensor]]:
    g = torch.Generator().manual_seed(seed)
    return [
        {"img": torch.randn(6, 3, 16, 16, generator=g), "labels": torch.randint(0, 3, (6,), generator=g)}
        for _ in range(count)
    ]


@pytest.mark.points(2.5, visibility="hidden")
def test_parameters_after_the_epoch_match_reference(submission, reference, device):
    # One zero_grad, forward, backward and step per batch: no accumulated or stale gradients.
    weights = random_weights(reference.MyPredictionNet(), seed=501)
    batches = random_batches(seed=502)
    for dtype in DTYPES:
        got = submission.run(one_epoch, weights, batches, device, dtype)
        expected = one_epoch(reference, weights, batches, device, dtype)
        assert_equal(sorted(got["state"]), sorted(expected["state"]), what="the names in the net's state_dict")
        for name, value in expected["state"].items():
            what = f"{name} after one epoch ({dtype})"
            if value.is_floating_point():
                assert_tensor_close(got["state"][name], value, what=what, **tolerance(dtype, device))
            else:
                assert_tensor_equal(got["state"][name], value, what=what)


@pytest.mark.points(1.5, visibility="hidden")
def test_returns_the_mean_of_the_batch_losses_as_a_float(submission, reference, device):
    weights = random_weights(reference.MyPredictionNet(), seed=511)
    batches = random_batches(seed=512, count=4)
    for dtype in DTYPES:
        got = submission.run(one_epoch, weights, batches, device, dtype)["mean_loss"]
        # assert_scalar_close also insists on a Python number, so a tensor (no .item()) fails.
        expected = one_epoch(reference, weights, batches, device, dtype)["mean_loss"]
        assert_scalar_close(got, expected, what=f"the mean loss train_one_epoch returned ({dtype})", **tolerance(dtype, device))


@pytest.mark.points(1, visibility="hidden")
def test_switches_the_net_to_train_mode(submission, reference, device):
    # A net handed over in eval mode must be switched back: batch norm then normalises with the
    # batch's statistics and updates its running averages.
    weights = random_weights(reference.MyPredictionNet(), seed=521)
    batches = random_batches(seed=522, count=2)
    got = submission.run(one_epoch, weights, batches, device, "float64", lr=0.0, momentum=0.0)
    expected = one_epoch(reference, weights, batches, device, "float64", lr=0.0, momentum=0.0)
    assert_equal(got["training"], True, what="net.training after train_one_epoch")
    for name, value in expected["state"].items():
        if "running" in name:
            assert_tensor_close(got["state"][name], value, what=f"{name} after one epoch", **TOLERANCE["float64"])
