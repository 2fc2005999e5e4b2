"""is_1_lipschitz returns a bool tensor instead of a Python bool."""

import torch
from torch import Tensor, nn


def is_1_lipschitz(w: Tensor) -> bool:
    if w.dim() == 1:
        return torch.linalg.vector_norm(w) <= 1
    return torch.linalg.matrix_norm(w, ord=2) <= 1
