"""Reference solution: Lipschitz critics and Wasserstein GANs (IN5400/IN9400 exam, June 2021, Exercise 12).

A Wasserstein GAN's critic must be 1-Lipschitz. For a linear critic the smallest Lipschitz
constant is a norm of its weights; for a deep critic one either clips the weights (WGAN) or
penalises gradients whose norm differs from 1 (WGAN-GP).
"""

from __future__ import annotations

import torch
from torch import Tensor, nn


def linear_lipschitz_constant(w: Tensor) -> float:
    """Smallest Lipschitz constant, for Euclidean norms, of f(x) = w.x (1-D w) or f(x) = Wx (2-D W).

    |f(x) - f(y)| = |w.(x - y)| <= ||w|| ||x - y|| by Cauchy-Schwarz, with equality for x - y
    parallel to w, so the constant is ||w||_2. For a matrix, ||W(x - y)|| / ||x - y|| is largest
    along the top right-singular vector: the constant is the largest singular value.
    """
    if w.dim() == 1:
        return float(torch.linalg.vector_norm(w, ord=2))
    if w.dim() == 2:
        return float(torch.linalg.matrix_norm(w, ord=2))
    raise ValueError(f"expected a 1-D or 2-D weight, got {w.dim()} dimensions")


def is_1_lipschitz(w: Tensor) -> bool:
    """Whether the linear map with weights ``w`` is 1-Lipschitz, i.e. its constant is at most 1."""
    return linear_lipschitz_constant(w) <= 1.0


def critic_objective(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    """h(w) = mean over A of w.x - mean over B of w.x, for samples stored as rows of ``[n, d]``.

    For a 1-Lipschitz x -> w.x this is a lower bound on the Wasserstein-1 distance between the two
    sample sets; the distance is the supremum of it over all 1-Lipschitz critics
    (Kantorovich-Rubinstein duality), which is why being 1-Lipschitz is not enough (Exercise 12).
    """
    return (samples_a @ w).mean() - (samples_b @ w).mean()


def critic_objective_grad(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    """Gradient of h at w: h is linear in w, so it is the difference of the two sample means."""
    return samples_a.mean(dim=0) - samples_b.mean(dim=0)


def ascent_step(w: Tensor, samples_a: Tensor, samples_b: Tensor, eps: float) -> Tensor:
    """One step of gradient ascent on h: ``w + eps * grad h(w)``, as a new tensor (``w`` is left alone).

    The exam's argument (Exercise 12): at w = (0.3, -0.5) the critic is 1-Lipschitz with
    K(w) = sqrt(0.34) < 1 and grad h = (5, -1) != 0, so a small enough step keeps K below 1 and
    raises h. A critic in Lip1 then scores higher than f_w: f_w does not reach the supremum, and
    h(w) is not the Wasserstein distance.
    """
    return w + eps * critic_objective_grad(w, samples_a, samples_b)


def gradient_penalty(critic: nn.Module, real: Tensor, fake: Tensor, eps: float | Tensor) -> Tensor:
    """WGAN-GP penalty: mean over the batch of (||grad_x critic(x_hat)||_2 - 1)^2.

    ``x_hat = eps * real + (1 - eps) * fake`` lies on the line between a real and a fake sample,
    where the optimal critic has gradient norm 1. The norm is taken per sample over all
    dimensions but the batch one. ``create_graph=True`` keeps the gradient differentiable, so the
    penalty can be minimised with respect to the critic's parameters.
    """
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    scores = critic(x_hat)
    # Each sample's score depends only on that sample, so the gradient of the sum gives the
    # gradient of every score with respect to its own input.
    (grads,) = torch.autograd.grad(scores.sum(), x_hat, create_graph=True)
    norms = grads.flatten(start_dim=1).norm(p=2, dim=1)
    return ((norms - 1) ** 2).mean()


def clip_weights(critic: nn.Module, c: float) -> None:
    """Clamp every parameter of ``critic`` to [-c, c] in place (the original WGAN's constraint).

    Bounded weights bound the critic's Lipschitz constant (by some constant, not 1). The update
    must not be recorded by autograd, and must change the parameters themselves, not copies.
    """
    with torch.no_grad():
        for parameter in critic.parameters():
            parameter.clamp_(-c, c)


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
# The exam's answer goes on "(Outside of your task:)" to say why the two steps suffice: a small step
# w + ε∇h(w) raises h while K stays below 1. The notebook's section 3 makes that argument, so it is not the
# answer asked for (and is not quoted here).
TEACHER_ANSWERS: dict[str, str] = {
    "12": (  # the exam's typeset math, in LaTeX
        "$|f_w(x_1, x_2) - f_w(y_1, y_2)| = |w \\cdot (x - y)| \\le \\|w\\| \\|x - y\\|$\n"
        "$\\|w\\| = \\sqrt{0.09 + 0.25} < \\sqrt{0.36} = 0.6 < 1$\n"
        "$K(w) = \\sqrt{0.34}$\n"
        "$h(w) = w \\cdot ((3, 1) - (-2, 2)) = w \\cdot (5, -1)$\n"
        "$\\nabla h(w) = (5, -1)$"
    ),
}
