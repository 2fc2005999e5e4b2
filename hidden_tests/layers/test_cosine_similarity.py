"""Hidden tests for cosine_similarity: random vectors, broadcasting, zero vectors and eps."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def random_vectors(seed: int, shape: tuple, dtype: torch.dtype, device: str) -> torch.Tensor:
    """Random vectors whose lengths differ widely (each row scaled by 0.1 to 10)."""
    g = torch.Generator().manual_seed(seed)
    length = 10 ** (2 * torch.rand(shape[:-1] + (1,), generator=g, dtype=torch.float64) - 1)
    return (length * torch.randn(shape, generator=g, dtype=torch.float64)).to(dtype=dtype, device=device)


def assert_cosine_matches(submission, reference, v, w, what, **kwargs) -> None:
    expected = reference.cosine_similarity(v, w, **kwargs)
    assert_tensor_close(submission.cosine_similarity(v, w, **kwargs), expected, what=what)


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_pairs_of_vectors(submission, reference, device, dtype):
    v, w = random_vectors(8101, (20, 7), dtype, device), random_vectors(8102, (20, 7), dtype, device)
    w[:5] = -2.5 * v[:5]  # some pairs in opposite directions, as in the exam
    w[5:10] = 0.7 * v[5:10]  # and some in the same direction
    assert_cosine_matches(submission, reference, v, w, "cosine_similarity of 20 pairs of random vectors")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_broadcasting_over_the_leading_dims(submission, reference, device, dtype):
    v, w = random_vectors(8201, (4, 1, 6), dtype, device), random_vectors(8202, (5, 6), dtype, device)
    assert_cosine_matches(submission, reference, v, w, "cosine_similarity of a [4, 1, 6] and a [5, 6] tensor")
    v, w = random_vectors(8203, (6,), dtype, device), random_vectors(8204, (3, 6), dtype, device)
    assert_cosine_matches(submission, reference, v, w, "cosine_similarity of a [6] and a [3, 6] tensor")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_zero_vector_has_similarity_zero_not_nan(submission, reference, device, dtype):
    v, w = random_vectors(8301, (6, 4), dtype, device), random_vectors(8302, (6, 4), dtype, device)
    v[1] = 0
    w[3] = 0
    v[4] = 0
    w[4] = 0
    assert_cosine_matches(submission, reference, v, w, "cosine_similarity of random vectors, some of them zero")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_each_norm_is_bounded_below_by_eps(submission, reference, device, dtype):
    # Vectors of length 0.05 to 5 against eps = 0.5: the short ones are divided by eps instead of their length.
    v, w = random_vectors(8401, (12, 3), dtype, device) / 2, random_vectors(8402, (12, 3), dtype, device) / 2
    assert_cosine_matches(submission, reference, v, w, "cosine_similarity(v, w, eps=0.5)", eps=0.5)
