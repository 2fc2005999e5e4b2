"""The lipschitz reference reproduces the exam's numbers and agrees with first principles."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch import nn


EXAM_W = torch.tensor([0.3, -0.5], dtype=torch.float64)
EXAM_A = torch.tensor([[3.0, 1.0]], dtype=torch.float64)
EXAM_B = torch.tensor([[-2.0, 2.0]], dtype=torch.float64)


def test_exam_lipschitz_constant(ref):
    constant = ref.linear_lipschitz_constant(EXAM_W)
    assert type(constant) is float
    assert constant == pytest.approx(math.sqrt(0.34), rel=1e-15)
    assert ref.is_1_lipschitz(EXAM_W) is True


def test_exam_critic_objective_and_gradient(ref):
    assert float(ref.critic_objective(EXAM_W, EXAM_A, EXAM_B)) == pytest.approx(2.0, rel=1e-15)
    assert ref.critic_objective_grad(EXAM_W, EXAM_A, EXAM_B).tolist() == [5.0, -1.0]


@pytest.mark.parametrize("eps", [0.01, 0.05, 0.08])
def test_the_exams_small_ascent_step_raises_h_and_keeps_k_below_one(ref, eps):
    w2 = ref.ascent_step(EXAM_W, EXAM_A, EXAM_B, eps)
    torch.testing.assert_close(w2, EXAM_W + eps * torch.tensor([5.0, -1.0], dtype=torch.float64))
    assert EXAM_W.tolist() == [0.3, -0.5], "ascent_step must leave w alone"
    assert float(ref.critic_objective(w2, EXAM_A, EXAM_B)) > float(ref.critic_objective(EXAM_W, EXAM_A, EXAM_B))
    assert ref.linear_lipschitz_constant(w2) < 1.0


def test_ascent_step_follows_autograd_and_keeps_dtype(ref):
    g = torch.Generator().manual_seed(5)
    for dtype in (torch.float32, torch.float64):
        w = torch.randn(4, generator=g, dtype=torch.float64).to(dtype).requires_grad_(True)
        a = torch.randn(6, 4, generator=g, dtype=torch.float64).to(dtype)
        b = torch.randn(9, 4, generator=g, dtype=torch.float64).to(dtype)
        (grad,) = torch.autograd.grad(ref.critic_objective(w, a, b), w)
        got = ref.ascent_step(w.detach(), a, b, 0.3)
        assert got.dtype == dtype
        torch.testing.assert_close(got, w.detach() + 0.3 * grad)


def test_matrix_constant_is_the_largest_singular_value(ref):
    g = torch.Generator().manual_seed(0)
    for shape in [(3, 3), (2, 5), (6, 4), (1, 7)]:
        w = torch.randn(shape, generator=g, dtype=torch.float64)
        assert ref.linear_lipschitz_constant(w) == pytest.approx(np.linalg.svd(w.numpy(), compute_uv=False)[0])


def test_constant_bounds_every_difference_quotient_and_is_attained(ref):
    g = torch.Generator().manual_seed(1)
    w = torch.randn(4, 6, generator=g, dtype=torch.float64)
    constant = ref.linear_lipschitz_constant(w)
    x, y = torch.randn(2, 1000, 6, generator=g, dtype=torch.float64)
    quotients = (x - y) @ w.T
    quotients = quotients.norm(dim=1) / (x - y).norm(dim=1)
    assert quotients.max() <= constant * (1 + 1e-12)
    top_direction = torch.linalg.svd(w).Vh[0]
    assert (w @ top_direction).norm() == pytest.approx(constant)


def test_is_1_lipschitz_at_the_boundary(ref):
    assert ref.is_1_lipschitz(torch.tensor([0.0, -1.0])) is True
    assert ref.is_1_lipschitz(torch.tensor([0.0, -1.0001])) is False
    assert ref.is_1_lipschitz(torch.tensor([[0.0, -1.0], [0.5, 0.0]])) is True  # spectral 1, Frobenius 1.12
    assert ref.is_1_lipschitz(torch.tensor([[0.8, 0.8], [0.0, 0.0]])) is False  # every |w_ij| < 1, norm 1.13


def test_critic_objective_grad_agrees_with_autograd(ref):
    g = torch.Generator().manual_seed(2)
    w = torch.randn(5, generator=g, dtype=torch.float64, requires_grad=True)
    a = torch.randn(7, 5, generator=g, dtype=torch.float64)
    b = torch.randn(3, 5, generator=g, dtype=torch.float64)
    (autograd_grad,) = torch.autograd.grad(ref.critic_objective(w, a, b), w)
    torch.testing.assert_close(ref.critic_objective_grad(w.detach(), a, b), autograd_grad)


def test_gradient_penalty_of_a_linear_critic_is_closed_form(ref):
    critic = nn.Linear(2, 1, bias=True).double()
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[3.0, 4.0]]))
    g = torch.Generator().manual_seed(3)
    real, fake = torch.randn(2, 5, 2, generator=g, dtype=torch.float64)
    penalty = ref.gradient_penalty(critic, real, fake, 0.3)
    assert penalty.item() == pytest.approx(16.0)
    penalty.backward()
    # d/dw (||w|| - 1)^2 = 2 (||w|| - 1) w / ||w||
    torch.testing.assert_close(critic.weight.grad, torch.tensor([[4.8, 6.4]], dtype=torch.float64))


def test_gradient_penalty_agrees_with_a_per_sample_loop(ref):
    torch.manual_seed(4)
    critic = nn.Sequential(nn.Flatten(), nn.Linear(12, 8), nn.Tanh(), nn.Linear(8, 1)).double()
    real = torch.randn(5, 3, 2, 2, dtype=torch.float64)
    fake = torch.randn(5, 3, 2, 2, dtype=torch.float64)
    eps = torch.rand(5, 1, 1, 1, dtype=torch.float64)
    expected = []
    for i in range(5):
        x = (eps[i] * real[i] + (1 - eps[i]) * fake[i]).unsqueeze(0).requires_grad_(True)
        (grad,) = torch.autograd.grad(critic(x).sum(), x)
        expected.append((grad.norm() - 1) ** 2)
    penalty = ref.gradient_penalty(critic, real, fake, eps)
    torch.testing.assert_close(penalty, torch.stack(expected).mean())
    assert real.grad is None and fake.grad is None


def test_gradient_penalty_is_differentiable_in_the_parameters(ref):
    torch.manual_seed(5)
    critic = nn.Sequential(nn.Linear(3, 6), nn.Tanh(), nn.Linear(6, 1)).double()
    real, fake = torch.randn(2, 4, 3, dtype=torch.float64)

    def penalty_of(weight):
        with torch.no_grad():
            critic[0].weight.copy_(weight)
        return ref.gradient_penalty(critic, real, fake, 0.25).item()

    base = critic[0].weight.detach().clone()
    critic.zero_grad()
    ref.gradient_penalty(critic, real, fake, 0.25).backward()
    analytic = critic[0].weight.grad[1, 2].item()
    h = 1e-6
    bumped_up, bumped_down = base.clone(), base.clone()
    bumped_up[1, 2] += h
    bumped_down[1, 2] -= h
    numeric = (penalty_of(bumped_up) - penalty_of(bumped_down)) / (2 * h)
    assert analytic == pytest.approx(numeric, rel=1e-5)


def test_clip_weights_clamps_parameters_in_place(ref):
    critic = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Linear(4, 1))
    weight = critic[0].weight
    with torch.no_grad():
        weight.mul_(10)
    ref.clip_weights(critic, 0.05)
    assert critic[0].weight is weight and weight.requires_grad and weight.is_leaf
    for parameter in critic.parameters():
        assert parameter.abs().max() <= 0.05
    assert (weight.abs() == 0.05).any()
    assert torch.equal(critic[1].running_var, torch.ones(4)), "buffers are not parameters"
