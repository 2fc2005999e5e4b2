"""Hidden tests for batch_norm: random feature maps of every rank, both precisions, and eps."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
# float32 leaves room for a variance computed as E[x^2] - E[x]^2; the mistakes tested are far larger.
TOLERANCE = {torch.float32: {"rtol": 1e-4, "atol": 1e-4}, torch.float64: {"rtol": 1e-7, "atol": 1e-7}}


def feature_map(seed: int, shape: tuple, dtype: torch.dtype, device: str, spread: float = 3.0) -> torch.Tensor:
    """Random values whose mean and spread differ from sample to sample and from channel to channel."""
    g = torch.Generator().manual_seed(seed)
    stats_shape = shape[:2] + (1,) * (len(shape) - 2)
    scale = 0.3 + spread * torch.rand(stats_shape, generator=g, dtype=torch.float64)
    offset = 4 * torch.randn(stats_shape, generator=g, dtype=torch.float64)
    x = offset + scale * torch.randn(shape, generator=g, dtype=torch.float64)
    return x.to(dtype=dtype, device=device)


def affine(seed: int, channels: int, dtype: torch.dtype, device: str) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    gamma = 0.5 + torch.rand(channels, generator=g, dtype=torch.float64) * 2
    gamma[0] = -gamma[0]  # a negative scale is allowed too
    beta = torch.randn(channels, generator=g, dtype=torch.float64)
    return gamma.to(dtype=dtype, device=device), beta.to(dtype=dtype, device=device)


def assert_batch_norm_matches(submission, reference, seed, shape, dtype, device, what, *, spread=3.0, eps=None):
    """Compare with the reference; ``eps=None`` leaves eps at its default (1e-5)."""
    x = feature_map(seed, shape, dtype, device, spread)
    gamma, beta = affine(seed + 1, shape[1], dtype, device)
    eps_argument = {} if eps is None else {"eps": eps}
    expected = reference.batch_norm(x, gamma, beta, **eps_argument)
    got = submission.batch_norm(x, gamma, beta, **eps_argument)
    assert_tensor_close(got, expected, what=what, **TOLERANCE[dtype])


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_batch_of_images_normalised_per_channel(submission, reference, device, dtype):
    assert_batch_norm_matches(submission, reference, 5101, (4, 3, 6, 6), dtype, device,
                              "batch_norm(x, gamma, beta) of a random [4, 3, 6, 6] batch")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("shape", [(6, 4), (3, 5, 9), (2, 3, 3, 4, 5)], ids=["features", "sequences", "volumes"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_feature_vectors_sequences_and_volumes(submission, reference, device, dtype, shape):
    assert_batch_norm_matches(submission, reference, 5201 + len(shape), shape, dtype, device,
                              f"batch_norm(x, gamma, beta) of a random batch of shape {list(shape)}")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_eps_is_added_under_the_square_root(submission, reference, device, dtype):
    # A small spread makes eps = 0.5 change every value noticeably.
    assert_batch_norm_matches(submission, reference, 5301, (5, 2, 4), dtype, device,
                              "batch_norm(x, gamma, beta, eps=0.5)", spread=0.5, eps=0.5)
