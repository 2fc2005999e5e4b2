"""ascent_step normalises the gradient (w + eps * grad / ||grad||): a step of length eps, not eps times the gradient."""

from torch import Tensor


def ascent_step(w: Tensor, samples_a: Tensor, samples_b: Tensor, eps: float) -> Tensor:
    grad = critic_objective_grad(w, samples_a, samples_b)
    return w + eps * grad / grad.norm()
