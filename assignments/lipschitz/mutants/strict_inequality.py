"""is_1_lipschitz uses < 1, so a constant of exactly 1 is rejected."""

from torch import Tensor, nn


def is_1_lipschitz(w: Tensor) -> bool:
    return linear_lipschitz_constant(w) < 1.0
