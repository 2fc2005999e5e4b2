"""linear_lipschitz_constant returns a 0-dim tensor instead of a Python float."""

import torch
from torch import Tensor, nn


def linear_lipschitz_constant(w: Tensor) -> float:
    if w.dim() == 1:
        return torch.linalg.vector_norm(w, ord=2)
    if w.dim() == 2:
        return torch.linalg.matrix_norm(w, ord=2)
    raise ValueError(f"expected a 1-D or 2-D weight, got {w.dim()} dimensions")
