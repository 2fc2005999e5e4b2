"""critic_objective_grad sums the samples instead of averaging them."""

from torch import Tensor, nn


def critic_objective_grad(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    return samples_a.sum(dim=0) - samples_b.sum(dim=0)
