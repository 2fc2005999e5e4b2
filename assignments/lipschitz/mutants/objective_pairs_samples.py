"""critic_objective pairs the samples of A and B one to one, which needs sets of equal size."""

from torch import Tensor, nn


def critic_objective(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    return (samples_a @ w - samples_b @ w).mean()
