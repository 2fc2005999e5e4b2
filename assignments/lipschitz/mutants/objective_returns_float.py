"""critic_objective returns a Python float (.item()) instead of a tensor."""

from torch import Tensor, nn


def critic_objective(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    return ((samples_a @ w).mean() - (samples_b @ w).mean()).item()
