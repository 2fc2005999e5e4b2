"""ascent_step steps down the gradient (w - eps * grad h): h falls instead of rising."""

from torch import Tensor


def ascent_step(w: Tensor, samples_a: Tensor, samples_b: Tensor, eps: float) -> Tensor:
    return w - eps * critic_objective_grad(w, samples_a, samples_b)
