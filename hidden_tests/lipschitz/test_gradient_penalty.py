"""Hidden tests of gradient_penalty with a small seeded non-linear critic built in the notebook's process."""

from __future__ import annotations

import math

import pytest
import torch

from autograder.compare import assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
HIDDEN_UNITS = 8


def penalty_and_parameter_grads(student, state, real, fake, eps, hidden):
    """Build the critic from ``state``, compute the penalty, backpropagate to the critic's parameters.

    Runs in the worker with the student's module and in the grader with the reference, so the two
    results can be compared.
    """
    import torch
    from torch import nn

    critic = nn.Sequential(nn.Flatten(), nn.Linear(real[0].numel(), hidden), nn.Tanh(), nn.Linear(hidden, 1))
    critic = critic.to(device=real.device, dtype=real.dtype)
    critic.load_state_dict(state)
    penalty = student.gradient_penalty(critic, real, fake, eps)
    if not isinstance(penalty, torch.Tensor) or not penalty.requires_grad:
        return {"penalty": penalty, "differentiable": False, "grads": None}
    penalty.backward()
    grads = [torch.zeros_like(p) if p.grad is None else p.grad.detach() for p in critic.parameters()]
    return {"penalty": penalty.detach(), "differentiable": True, "grads": grads}


def critic_state(seed: int, in_features: int, dtype: torch.dtype, device: str) -> dict:
    """Weights scaled so that the critic's input gradients have norms on both sides of 1."""
    g = torch.Generator().manual_seed(seed)
    state = {
        "1.weight": torch.randn(HIDDEN_UNITS, in_features, generator=g, dtype=torch.float64) / math.sqrt(in_features),
        "1.bias": torch.randn(HIDDEN_UNITS, generator=g, dtype=torch.float64) * 0.1,
        "3.weight": torch.randn(1, HIDDEN_UNITS, generator=g, dtype=torch.float64) * 0.6,
        "3.bias": torch.randn(1, generator=g, dtype=torch.float64) * 0.1,
    }
    return {name: value.to(device=device, dtype=dtype) for name, value in state.items()}


def samples(seed: int, shape: tuple[int, ...], dtype: torch.dtype, device: str):
    g = torch.Generator().manual_seed(seed)
    real = torch.randn(shape, generator=g, dtype=torch.float64) + 0.5
    fake = torch.randn(shape, generator=g, dtype=torch.float64) * 2.0
    eps = torch.rand((shape[0],) + (1,) * (len(shape) - 1), generator=g, dtype=torch.float64)
    return real.to(device=device, dtype=dtype), fake.to(device=device, dtype=dtype), eps.to(device=device, dtype=dtype)


def tolerances(dtype: torch.dtype) -> dict:
    """Per-sample norms computed in different but correct ways agree to about this much in float32."""
    return {"rtol": 1e-4, "atol": 1e-5} if dtype == torch.float32 else {}


def run_both(submission, reference, state, real, fake, eps):
    got = submission.run(penalty_and_parameter_grads, state, real, fake, eps, HIDDEN_UNITS)
    expected = penalty_and_parameter_grads(reference, state, real, fake, eps, HIDDEN_UNITS)
    return got, expected


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_flat_samples_with_a_float_eps(submission, reference, device, dtype):
    real, fake, _ = samples(700, (6, 5), dtype, device)
    got, expected = run_both(submission, reference, critic_state(701, 5, dtype, device), real, fake, 0.37)
    assert_tensor_close(got["penalty"], expected["penalty"], what="the gradient penalty for flat samples and a float eps",
                        **tolerances(dtype))


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_image_samples_with_one_eps_per_sample(submission, reference, device, dtype):
    real, fake, eps = samples(710, (4, 2, 3, 3), dtype, device)
    got, expected = run_both(submission, reference, critic_state(711, 18, dtype, device), real, fake, eps)
    assert_tensor_close(got["penalty"], expected["penalty"],
                        what="the gradient penalty for image samples [N, C, H, W] and eps of shape [N, 1, 1, 1]",
                        **tolerances(dtype))


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_penalty_is_differentiable_in_the_critic_parameters(submission, reference, device, dtype):
    real, fake, eps = samples(720, (5, 4), dtype, device)
    got, expected = run_both(submission, reference, critic_state(721, 4, dtype, device), real, fake, eps)
    if not got["differentiable"]:
        raise AssertionError(
            "The penalty must be a tensor that is differentiable with respect to the critic's parameters, "
            "so that the critic can be trained on it (did you pass create_graph=True to torch.autograd.grad?)."
        )
    for name, got_grad, expected_grad in zip(["first weight", "first bias", "last weight", "last bias"],
                                             got["grads"], expected["grads"]):
        assert_tensor_close(got_grad, expected_grad, what=f"the gradient of the penalty with respect to the critic's {name}",
                            **tolerances(dtype))
