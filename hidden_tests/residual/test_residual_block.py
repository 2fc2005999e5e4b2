"""Hidden tests of ResidualBlock: documented layers, ResNet's basic-block arithmetic, a working shortcut.

Three configurations: the identity shortcut (same channels, stride 1), a projection forced by the
stride alone, and one forced by both the stride and the channels.
"""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_close, assert_tensor_equal

DTYPES = ("float32", "float64")
TOLERANCE = {"float32": {"rtol": 1e-4, "atol": 1e-5}, "float64": {"rtol": 1e-9, "atol": 1e-10}}
CUDA_FLOAT32 = {"rtol": 1e-3, "atol": 1e-4}


def tolerance(dtype: str, device: str) -> dict:
    """float32 convolutions on a GPU may run in TF32 (about 3 significant digits), here and in the worker alike."""
    return CUDA_FLOAT32 if (dtype, device) == ("float32", "cuda") else TOLERANCE[dtype]
CONFIGS = ((6, 6, 1), (6, 6, 2), (4, 6, 2))  # (in_channels, out_channels, stride)


def run_block(student, config, weights, x, device, dtype, train=False, grad_output=None):
    """In the worker: ResidualBlock(*config) with ``weights``; output, state after, gradients if asked."""
    import torch

    real = getattr(torch, dtype)
    block = student.ResidualBlock(*config)
    block.load_state_dict(weights)
    block.to(device=device, dtype=real).train(train)
    x = x.to(device=device, dtype=real, copy=True)
    if grad_output is not None:
        x.requires_grad_(True)
    out = block(x)
    result = {
        "output": out.detach(),
        "state": {name: value.detach().clone() for name, value in block.state_dict().items()},
    }
    if grad_output is not None:
        out.backward(grad_output.to(device=device, dtype=real))
        result["input_grad"] = x.grad
        result["param_grads"] = {name: param.grad for name, param in block.named_parameters()}
    return result


def layer_shapes(student, config):
    """In the worker: each state_dict entry's shape, to check the documented names and sizes."""
    block = student.ResidualBlock(*config)
    return {name: list(value.shape) for name, value in block.state_dict().items()}


def input_left_unchanged(student, config, x):
    """In the worker: whether forward leaves its input's values alone (it must not write into x)."""
    import torch

    block = student.ResidualBlock(*config).eval()
    before = x.clone()
    with torch.no_grad():
        block(x)
    return bool(torch.equal(x, before))


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


def random_input(config, seed: int) -> torch.Tensor:
    return torch.randn(3, config[0], 9, 10, generator=torch.Generator().manual_seed(seed))


def random_grad_output(config, seed: int) -> torch.Tensor:
    """An upstream gradient shaped like the block's output: a 3x3 conv with padding 1 and the block's stride."""
    _, out_channels, stride = config
    shape = (3, out_channels, (9 - 1) // stride + 1, (10 - 1) // stride + 1)
    return torch.randn(shape, generator=torch.Generator().manual_seed(seed))


def assert_all_close(got: dict, expected: dict, what: str, dtype: str, device: str) -> None:
    assert_equal(sorted(got), sorted(expected), what=f"the names in {what}")
    for name, value in expected.items():
        if not value.is_floating_point():
            assert_tensor_equal(got[name], value, what=f"{what}[{name!r}]")
        else:
            assert_tensor_close(got[name], value, what=f"{what}[{name!r}]", **tolerance(dtype, device))


def assert_eval_output_right(submission, reference, config, seed: int = 200) -> None:
    """Structure and side-effect checks pay only when the block also computes the right thing."""
    weights = random_weights(reference.ResidualBlock(*config), seed)
    x = random_input(config, seed + 50)
    got = submission.run(run_block, config, weights, x, "cpu", "float64")
    expected = run_block(reference, config, weights, x, "cpu", "float64")
    assert_tensor_close(got["output"], expected["output"], what=f"ResidualBlock{config} in eval mode", **TOLERANCE["float64"])


@pytest.mark.points(1, visibility="hidden")
def test_layers_have_the_documented_names_and_shapes(submission, reference):
    assert_eval_output_right(submission, reference, CONFIGS[-1])
    for config in CONFIGS:
        got = submission.run(layer_shapes, config)
        assert_equal(got, layer_shapes(reference, config), what=f"the state_dict shapes of ResidualBlock{config}")


@pytest.mark.points(2, visibility="hidden")
def test_output_matches_reference_in_eval_mode(submission, reference, device):
    for seed, config in enumerate(CONFIGS, start=201):
        weights = random_weights(reference.ResidualBlock(*config), seed)
        x = random_input(config, seed + 50)
        for dtype in DTYPES:
            got = submission.run(run_block, config, weights, x, device, dtype)
            expected = run_block(reference, config, weights, x, device, dtype)
            assert_tensor_close(got["output"], expected["output"], what=f"ResidualBlock{config} in eval mode ({dtype})", **tolerance(dtype, device))


@pytest.mark.points(1.5, visibility="hidden")
def test_output_and_running_stats_match_reference_in_train_mode(submission, reference, device):
    for seed, config in enumerate(CONFIGS, start=211):
        weights = random_weights(reference.ResidualBlock(*config), seed)
        x = random_input(config, seed + 50)
        for dtype in DTYPES:
            got = submission.run(run_block, config, weights, x, device, dtype, train=True)
            expected = run_block(reference, config, weights, x, device, dtype, train=True)
            assert_tensor_close(got["output"], expected["output"], what=f"ResidualBlock{config} in train mode ({dtype})", **tolerance(dtype, device))
            assert_all_close(got["state"], expected["state"], f"ResidualBlock{config}'s state_dict after one forward in train mode ({dtype})", dtype, device)


@pytest.mark.points(1.5, visibility="hidden")
def test_gradients_match_reference(submission, reference, device):
    for seed, config in enumerate(CONFIGS, start=221):
        weights = random_weights(reference.ResidualBlock(*config), seed)
        x = random_input(config, seed + 50)
        grad_output = random_grad_output(config, seed + 60)
        for dtype in DTYPES:
            got = submission.run(run_block, config, weights, x, device, dtype, train=True, grad_output=grad_output)
            expected = run_block(reference, config, weights, x, device, dtype, train=True, grad_output=grad_output)
            assert_tensor_close(got["input_grad"], expected["input_grad"], what=f"the input's gradient through ResidualBlock{config} ({dtype})", **tolerance(dtype, device))
            assert_all_close(got["param_grads"], expected["param_grads"], f"ResidualBlock{config}'s parameter gradients ({dtype})", dtype, device)


@pytest.mark.points(1, visibility="hidden")
def test_shortcut_carries_signal_and_gradient_when_main_path_is_zero(submission, reference, device):
    # bn2 scaled to zero silences the main path: what remains is relu(shortcut(x)), and the
    # input's gradient can only have come through the shortcut.
    for seed, config in enumerate(CONFIGS, start=231):
        weights = random_weights(reference.ResidualBlock(*config), seed)
        weights["bn2.weight"] = torch.zeros_like(weights["bn2.weight"])
        weights["bn2.bias"] = torch.zeros_like(weights["bn2.bias"])
        x = random_input(config, seed + 50)
        grad_output = random_grad_output(config, seed + 60)
        got = submission.run(run_block, config, weights, x, device, "float64", grad_output=grad_output)
        expected = run_block(reference, config, weights, x, device, "float64", grad_output=grad_output)
        what = f"ResidualBlock{config} with bn2 scaled to zero"
        assert_tensor_close(got["output"], expected["output"], what=f"the output of {what}", **TOLERANCE["float64"])
        assert_tensor_close(got["input_grad"], expected["input_grad"], what=f"the input's gradient through {what}", **TOLERANCE["float64"])


@pytest.mark.points(1, visibility="hidden")
def test_forward_leaves_its_input_unchanged(submission, reference):
    assert_eval_output_right(submission, reference, CONFIGS[0])
    for seed, config in enumerate(CONFIGS, start=241):
        unchanged = submission.run(input_left_unchanged, config, random_input(config, seed))
        assert unchanged, (
            f"ResidualBlock{config}.forward wrote into its input x. With the identity shortcut, "
            "`shortcut = self.shortcut(x)` is x itself, so `shortcut += out` (or an in-place ReLU on it) "
            "overwrites the caller's tensor; use `out + shortcut` instead."
        )
