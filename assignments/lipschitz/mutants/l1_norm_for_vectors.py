"""linear_lipschitz_constant sums |w_i| (the L1 norm) instead of taking the Euclidean length."""

import torch
from torch import Tensor, nn


def linear_lipschitz_constant(w: Tensor) -> float:
    if w.dim() == 1:
        return float(w.abs().sum())
    if w.dim() == 2:
        return float(torch.linalg.matrix_norm(w, ord=2))
    raise ValueError(f"expected a 1-D or 2-D weight, got {w.dim()} dimensions")
