"""is_recurrent: looks only at the diagonal (a neuron feeding itself) and misses longer cycles."""

import torch
from torch import Tensor


def is_recurrent(adjacency: Tensor) -> bool:
    return bool((torch.diagonal(adjacency) != 0).any())
