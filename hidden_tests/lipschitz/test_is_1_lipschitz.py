"""Hidden tests of is_1_lipschitz: weights just inside and just outside the unit ball, and on its edge."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def scaled_to(w: torch.Tensor, constant: float) -> torch.Tensor:
    """``w`` rescaled so that its (Euclidean or spectral) norm is ``constant``."""
    norm = torch.linalg.vector_norm(w) if w.dim() == 1 else torch.linalg.matrix_norm(w, ord=2)
    return w * (constant / norm)


def near_one_cases(seed: int, shapes: list[tuple[int, ...]]) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    cases = []
    for shape in shapes:
        w = torch.randn(shape, generator=g, dtype=torch.float64)
        for factor in (0.9, 0.99, 1.01, 1.1):
            cases.append(scaled_to(w, factor))
    return cases


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_vectors_near_the_unit_sphere(submission, reference, device, dtype):
    for i, w in enumerate(near_one_cases(41, [(2,), (5,), (16,)])):
        w = w.to(device=device, dtype=dtype)
        assert_equal(submission.is_1_lipschitz(w), reference.is_1_lipschitz(w),
                     what=f"is_1_lipschitz for random weight vector #{i}")


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_matrices_near_spectral_norm_one(submission, reference, device, dtype):
    # Scaled so that the Frobenius norm and the largest |entry| would give other answers.
    for i, w in enumerate(near_one_cases(42, [(2, 2), (4, 3), (3, 6)])):
        w = w.to(device=device, dtype=dtype)
        assert_equal(submission.is_1_lipschitz(w), reference.is_1_lipschitz(w),
                     what=f"is_1_lipschitz for random weight matrix #{i}")


@pytest.mark.points(0.5, visibility="hidden")
def test_constant_exactly_one_counts_as_1_lipschitz(submission, device):
    on_the_edge = [
        torch.tensor([0.0, 0.0, -1.0, 0.0]),
        torch.tensor([[0.0, -1.0], [0.5, 0.0]]),
        torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.25, 0.0]], dtype=torch.float64),
    ]
    for i, w in enumerate(on_the_edge):
        assert_equal(submission.is_1_lipschitz(w.to(device)), True,
                     what=f"is_1_lipschitz for weights whose constant is exactly 1 (#{i})")
