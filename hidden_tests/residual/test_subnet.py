"""Hidden tests of SubNet.forward: the seven blocks in order with one skip, strangeblock1's input to convblock9's output.

The student's SubNet is built in the worker and given the same random weights as the reference's,
so any difference in the output comes from forward alone.
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


def run_subnet(student, weights, x, device, dtype, train=False, grad_output=None):
    """In the worker: SubNet with ``weights`` on ``device``/``dtype``; output, state after, and gradients if asked."""
    import torch

    real = getattr(torch, dtype)
    net = student.SubNet()
    net.load_state_dict(weights)
    net.to(device=device, dtype=real).train(train)
    x = x.to(device=device, dtype=real, copy=True)
    if grad_output is not None:
        x.requires_grad_(True)
    out = net(x)
    result = {
        "output": out.detach(),
        "state": {name: value.detach().clone() for name, value in net.state_dict().items()},
    }
    if grad_output is not None:
        out.backward(grad_output.to(device=device, dtype=real))
        result["input_grad"] = x.grad
        result["param_grads"] = {name: param.grad for name, param in net.named_parameters()}
    return result


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


def random_input(seed: int) -> torch.Tensor:
    return torch.randn(3, 8, 7, 9, generator=torch.Generator().manual_seed(seed))


def assert_all_close(got: dict, expected: dict, what: str, dtype: str, device: str) -> None:
    assert_equal(sorted(got), sorted(expected), what=f"the names in {what}")
    for name, value in expected.items():
        if not value.is_floating_point():
            assert_tensor_equal(got[name], value, what=f"{what}[{name!r}]")
        else:
            assert_tensor_close(got[name], value, what=f"{what}[{name!r}]", **tolerance(dtype, device))


@pytest.mark.points(2, visibility="hidden")
def test_output_matches_reference_in_eval_mode(submission, reference, device):
    weights = random_weights(reference.SubNet(), seed=101)
    x = random_input(seed=102)
    for dtype in DTYPES:
        got = submission.run(run_subnet, weights, x, device, dtype)
        expected = run_subnet(reference, weights, x, device, dtype)
        assert_tensor_close(got["output"], expected["output"], what=f"SubNet.forward in eval mode ({dtype})", **tolerance(dtype, device))


@pytest.mark.points(1.5, visibility="hidden")
def test_output_and_running_stats_match_reference_in_train_mode(submission, reference, device):
    weights = random_weights(reference.SubNet(), seed=111)
    x = random_input(seed=112)
    for dtype in DTYPES:
        got = submission.run(run_subnet, weights, x, device, dtype, train=True)
        expected = run_subnet(reference, weights, x, device, dtype, train=True)
        assert_tensor_close(got["output"], expected["output"], what=f"SubNet.forward in train mode ({dtype})", **tolerance(dtype, device))
        assert_all_close(got["state"], expected["state"], f"the state_dict after one forward in train mode ({dtype})", dtype, device)


@pytest.mark.points(1.5, visibility="hidden")
def test_gradients_match_reference(submission, reference, device):
    weights = random_weights(reference.SubNet(), seed=121)
    x = random_input(seed=122)
    grad_output = torch.randn(x.shape, generator=torch.Generator().manual_seed(123))
    for dtype in DTYPES:
        got = submission.run(run_subnet, weights, x, device, dtype, train=True, grad_output=grad_output)
        expected = run_subnet(reference, weights, x, device, dtype, train=True, grad_output=grad_output)
        assert_tensor_close(got["input_grad"], expected["input_grad"], what=f"the gradient of the input ({dtype})", **tolerance(dtype, device))
        assert_all_close(got["param_grads"], expected["param_grads"], f"the parameters' gradients ({dtype})", dtype, device)


@pytest.mark.points(1.5, visibility="hidden")
def test_skip_runs_from_strangeblock1_input_to_convblock9_output(submission, reference, device):
    # With convblock9 silenced, the middle contributes nothing: only a skip that starts at
    # strangeblock1's input and ends at convblock9's output carries convblock3's output onwards.
    weights = random_weights(reference.SubNet(), seed=131)
    for name in weights:
        if name.startswith("convblock9.") and (name.endswith("weight") or name.endswith("bias")):
            weights[name] = torch.zeros_like(weights[name])
    x = random_input(seed=132)
    got = submission.run(run_subnet, weights, x, device, "float64")
    expected = run_subnet(reference, weights, x, device, "float64")
    assert_tensor_close(got["output"], expected["output"], what="SubNet.forward with convblock9's weights set to zero", **TOLERANCE["float64"])
