"""Hidden tests of critic_objective_grad: random sample sets of different sizes compared with the reference."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def random_problem(seed: int, n_a: int, n_b: int, d: int, dtype: torch.dtype, device: str):
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(d, generator=g, dtype=torch.float64) * 0.5
    samples_a = torch.randn(n_a, d, generator=g, dtype=torch.float64) + 1.0
    samples_b = torch.randn(n_b, d, generator=g, dtype=torch.float64) - 0.5
    return [t.to(device=device, dtype=dtype) for t in (w, samples_a, samples_b)]


@pytest.mark.points(0.75, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_sample_sets_of_different_sizes(submission, reference, device, dtype):
    for i, (n_a, n_b, d) in enumerate([(9, 14, 3), (25, 6, 10), (5, 5, 1)]):
        w, samples_a, samples_b = random_problem(600 + i, n_a, n_b, d, dtype, device)
        assert_tensor_close(submission.critic_objective_grad(w, samples_a, samples_b),
                            reference.critic_objective_grad(w, samples_a, samples_b),
                            what=f"critic_objective_grad for random sample sets #{i}")
