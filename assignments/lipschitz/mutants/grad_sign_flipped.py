"""critic_objective_grad returns mean(B) - mean(A), the gradient of -h."""

from torch import Tensor, nn


def critic_objective_grad(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    return samples_b.mean(dim=0) - samples_a.mean(dim=0)
