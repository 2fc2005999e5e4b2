"""Hidden tests of linear_lipschitz_constant: seeded random weights compared with the reference."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_scalar_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def rtol_for(dtype: torch.dtype) -> float:
    """Norms and singular values computed in different but correct ways agree to about this much."""
    return 1e-5 if dtype == torch.float32 else 1e-10


def random_weights(seed: int, shape: tuple[int, ...], dtype: torch.dtype, device: str) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=g, dtype=torch.float64) * 0.7).to(device=device, dtype=dtype)


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_vector_constant_is_the_euclidean_norm(submission, reference, device, dtype):
    for i, length in enumerate([1, 3, 8, 33]):
        w = random_weights(100 + i, (length,), dtype, device)
        assert_scalar_close(submission.linear_lipschitz_constant(w), reference.linear_lipschitz_constant(w),
                            rtol=rtol_for(dtype), what=f"the Lipschitz constant of random weight vector #{i}")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_square_matrix_constant_is_the_largest_singular_value(submission, reference, device, dtype):
    for i, n in enumerate([2, 4, 7]):
        w = random_weights(200 + i, (n, n), dtype, device)
        assert_scalar_close(submission.linear_lipschitz_constant(w), reference.linear_lipschitz_constant(w),
                            rtol=rtol_for(dtype), what=f"the Lipschitz constant of random square matrix #{i}")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_wide_and_tall_matrices(submission, reference, device, dtype):
    for i, shape in enumerate([(1, 6), (3, 8), (9, 2), (5, 1)]):
        w = random_weights(300 + i, shape, dtype, device)
        assert_scalar_close(submission.linear_lipschitz_constant(w), reference.linear_lipschitz_constant(w),
                            rtol=rtol_for(dtype), what=f"the Lipschitz constant of random non-square matrix #{i}")
