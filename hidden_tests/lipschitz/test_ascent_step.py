"""Hidden tests of ascent_step: random problems compared with the reference, and the exam's small step."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only the device variants share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
EXAM_W = [0.3, -0.5]
EXAM_A = [[3.0, 1.0]]
EXAM_B = [[-2.0, 2.0]]


def random_problem(seed: int, n_a: int, n_b: int, d: int, dtype: torch.dtype, device: str):
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(d, generator=g, dtype=torch.float64) * 0.5
    samples_a = torch.randn(n_a, d, generator=g, dtype=torch.float64) + 1.0
    samples_b = torch.randn(n_b, d, generator=g, dtype=torch.float64) - 0.5
    return [t.to(device=device, dtype=dtype) for t in (w, samples_a, samples_b)]


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_sample_sets_of_different_sizes(submission, reference, device, dtype):
    # Sets of different sizes tell means from sums; eps far from 0 tells a step from returning w.
    for i, (n_a, n_b, d, eps) in enumerate([(8, 13, 3, 0.25), (21, 5, 7, 0.01), (4, 4, 1, 1.5)]):
        w, samples_a, samples_b = random_problem(900 + i, n_a, n_b, d, dtype, device)
        assert_tensor_close(submission.ascent_step(w, samples_a, samples_b, eps),
                            reference.ascent_step(w, samples_a, samples_b, eps),
                            what=f"ascent_step for random sample sets #{i} (eps={eps})")


@pytest.mark.points(0.5, visibility="hidden")
def test_the_exams_small_step_raises_h_and_stays_in_lip1(submission, reference, device):
    # The exam's argument: from w = (0.3, -0.5), a small step along grad h = (5, -1) raises h and
    # keeps the Lipschitz constant below 1, so f_w was not the maximiser over Lip1.
    w = torch.tensor(EXAM_W, dtype=torch.float64, device=device)
    samples_a = torch.tensor(EXAM_A, dtype=torch.float64, device=device)
    samples_b = torch.tensor(EXAM_B, dtype=torch.float64, device=device)
    h_before = reference.critic_objective(w, samples_a, samples_b).item()
    for eps in (0.01, 0.05, 0.08):
        got = submission.ascent_step(w, samples_a, samples_b, eps)
        what = f"ascent_step on the exam's w, A and B with eps={eps}"
        assert_tensor_close(got, w + eps * torch.tensor([5.0, -1.0], dtype=torch.float64, device=device), what=what)
        assert_equal(reference.critic_objective(got, samples_a, samples_b).item() > h_before, True,
                     what=f"whether h grows after {what}")
        assert_equal(reference.linear_lipschitz_constant(got) < 1.0, True,
                     what=f"whether the Lipschitz constant stays below 1 after {what}")
