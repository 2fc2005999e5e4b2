"""Hidden tests of clip_weights on a seeded critic with a batch-norm layer, built in the notebook's process."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_equal

PARAMETERS = ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"]
BUFFERS = ["1.running_mean", "1.running_var", "1.num_batches_tracked"]
CLIP = 0.05

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def clip_and_read_back(student, state, c):
    """Build the critic from ``state``, clip it, and return what it holds afterwards."""
    import torch
    from torch import nn

    weight = state["0.weight"]
    critic = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.LeakyReLU(0.2), nn.Linear(6, 1))
    critic = critic.to(device=weight.device, dtype=weight.dtype)
    critic.load_state_dict(state)
    before = list(critic.parameters())
    student.clip_weights(critic, c)
    after = list(critic.parameters())
    return {
        "state": {name: value.detach().clone() for name, value in critic.state_dict().items()},
        "same_parameters": len(before) == len(after) and all(a is b for a, b in zip(before, after)),
        "trainable": all(p.is_leaf and p.requires_grad for p in after),
    }


def critic_state(seed: int, dtype: torch.dtype, device: str) -> dict:
    """Parameters straddling [-CLIP, CLIP]; batch-norm statistics well outside it."""
    g = torch.Generator().manual_seed(seed)

    def spread(*shape):
        return torch.randn(shape, generator=g, dtype=torch.float64) * 0.08

    state = {
        "0.weight": spread(6, 4), "0.bias": spread(6),
        "1.weight": 1 + spread(6), "1.bias": spread(6),
        "1.running_mean": spread(6) * 10, "1.running_var": 0.5 + torch.rand(6, generator=g, dtype=torch.float64),
        "3.weight": spread(1, 6), "3.bias": spread(1),
    }
    state = {name: value.to(device=device, dtype=dtype) for name, value in state.items()}
    state["1.num_batches_tracked"] = torch.tensor(3, device=device)
    return state


def run_both(submission, reference, dtype, device):
    state = critic_state(800, dtype, device)
    got = submission.run(clip_and_read_back, state, CLIP)
    expected = clip_and_read_back(reference, state, CLIP)
    return got, expected


def assert_parameters_clamped(got: dict, expected: dict) -> None:
    """The side-effect checks pay only when clip_weights also clamps the parameters."""
    for name in PARAMETERS:
        assert_tensor_equal(got["state"][name], expected["state"][name], what=f"the critic's parameter {name} after clipping")


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_every_parameter_is_clamped(submission, reference, device, dtype):
    got, expected = run_both(submission, reference, dtype, device)
    assert_parameters_clamped(got, expected)


@pytest.mark.points(0.25, visibility="hidden")
def test_batch_norm_statistics_are_not_parameters(submission, reference, device):
    got, expected = run_both(submission, reference, torch.float32, device)
    assert_parameters_clamped(got, expected)
    for name in BUFFERS:
        assert_tensor_equal(got["state"][name], expected["state"][name],
                            what=f"the critic's buffer {name} (not a parameter, so it must not be clipped)")


@pytest.mark.points(0.5, visibility="hidden")
def test_parameters_stay_the_same_trainable_tensors(submission, reference, device):
    got, expected = run_both(submission, reference, torch.float32, device)
    assert_parameters_clamped(got, expected)
    assert_equal(got["same_parameters"], True,
                 what="whether the critic still holds the same parameter objects (an optimizer keeps references to them)")
    assert_equal(got["trainable"], True, what="whether every parameter is still a leaf tensor that requires grad")
