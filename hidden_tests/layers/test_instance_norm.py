"""Hidden tests for instance_norm: random feature maps of every rank, both precisions, and eps."""

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


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_batch_of_images_normalised_per_sample_and_channel(submission, reference, device, dtype):
    x = feature_map(6101, (4, 3, 6, 7), dtype, device)
    got = submission.instance_norm(x)
    assert_tensor_close(got, reference.instance_norm(x), what="instance_norm(x) of a random [4, 3, 6, 7] batch",
                        **TOLERANCE[dtype])


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("shape", [(3, 4, 9), (2, 3, 3, 4, 5)], ids=["sequences", "volumes"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_sequences_and_volumes(submission, reference, device, dtype, shape):
    x = feature_map(6201 + len(shape), shape, dtype, device)
    got = submission.instance_norm(x)
    assert_tensor_close(got, reference.instance_norm(x), what=f"instance_norm(x) of a random batch of shape {list(shape)}",
                        **TOLERANCE[dtype])


@pytest.mark.points(0.25, visibility="hidden")
def test_eps_is_added_under_the_square_root_per_instance(submission, reference, device):
    # A small spread makes eps = 0.3 change every value noticeably.
    x = feature_map(6301, (3, 2, 5, 5), torch.float64, device, spread=0.5)
    got = submission.instance_norm(x, eps=0.3)
    assert_tensor_close(got, reference.instance_norm(x, eps=0.3), what="instance_norm(x, eps=0.3)",
                        **TOLERANCE[torch.float64])
