"""linear_lipschitz_constant uses the largest |eigenvalue| of a matrix, not its largest singular value."""

import torch
from torch import Tensor, nn


def linear_lipschitz_constant(w: Tensor) -> float:
    if w.dim() == 1:
        return float(torch.linalg.vector_norm(w, ord=2))
    if w.dim() == 2:
        return float(torch.linalg.eigvals(w).abs().max())
    raise ValueError(f"expected a 1-D or 2-D weight, got {w.dim()} dimensions")
