"""ascent_step updates w in place (w.add_) and returns it: the caller's weights change."""

from torch import Tensor


def ascent_step(w: Tensor, samples_a: Tensor, samples_b: Tensor, eps: float) -> Tensor:
    return w.add_(eps * critic_objective_grad(w, samples_a, samples_b))
