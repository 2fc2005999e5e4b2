"""is_recurrent: finds cycles by matrix powers and returns a 0-dim bool tensor, not a Python bool."""

import torch
from torch import Tensor


def is_recurrent(adjacency: Tensor) -> bool:
    a = edge_mask(adjacency).double()
    power = a.clone()
    found = torch.tensor(False)
    for _ in range(len(a)):
        found = found | (power.diagonal() > 0).any()
        power = (power @ a).clamp(max=1)
    return found
