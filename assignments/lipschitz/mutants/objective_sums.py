"""critic_objective sums w.x over each sample set instead of averaging."""

from torch import Tensor, nn


def critic_objective(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    return (samples_a @ w).sum() - (samples_b @ w).sum()
