"""Hidden tests for adain: random content and style maps, of equal and of different spatial sizes, and eps."""

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


def assert_adain_matches(submission, reference, seed, content_shape, style_shape, dtype, device, what, *,
                         spread=3.0, eps=None):
    """Compare with the reference; ``eps=None`` leaves eps at its default (1e-5)."""
    content = feature_map(seed, content_shape, dtype, device, spread)
    style = feature_map(seed + 1, style_shape, dtype, device, spread)
    eps_argument = {} if eps is None else {"eps": eps}
    expected = reference.adain(content, style, **eps_argument)
    got = submission.adain(content, style, **eps_argument)
    assert_tensor_close(got, expected, what=what, **TOLERANCE[dtype])


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_content_and_style_of_the_same_size(submission, reference, device, dtype):
    assert_adain_matches(submission, reference, 7101, (4, 3, 6, 6), (4, 3, 6, 6), dtype, device,
                         "adain(content, style) of random [4, 3, 6, 6] feature maps")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize(("content_shape", "style_shape"), [((3, 4, 8, 8), (3, 4, 5, 6)), ((2, 3, 10), (2, 3, 7))],
                         ids=["images", "sequences"])
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_style_of_another_spatial_size(submission, reference, device, dtype, content_shape, style_shape):
    assert_adain_matches(submission, reference, 7201 + len(content_shape), content_shape, style_shape, dtype, device,
                         f"adain(content, style) of a content {list(content_shape)} and a style {list(style_shape)}")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_eps_is_used_as_given_in_both_sigmas(submission, reference, device, dtype):
    # A small spread makes eps = 0.5 change every value noticeably.
    assert_adain_matches(submission, reference, 7301, (3, 2, 5, 5), (3, 2, 4, 4), dtype, device,
                         "adain(content, style, eps=0.5)", spread=0.5, eps=0.5)
