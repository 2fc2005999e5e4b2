"""topological_order: places the ready neurons first come, first served (a FIFO queue), not smallest index first."""

from collections import deque

import torch
from torch import Tensor


def topological_order(adjacency: Tensor) -> list[int]:
    edges = edge_mask(adjacency)
    n = edges.shape[0]
    inputs_left = edges.sum(dim=0).tolist()
    ready = deque(k for k in range(n) if inputs_left[k] == 0)
    order = []
    while ready:
        neuron = ready.popleft()
        order.append(neuron)
        for target in torch.nonzero(edges[neuron]).flatten().tolist():
            inputs_left[target] -= 1
            if inputs_left[target] == 0:
                ready.append(target)
    if len(order) < n:
        raise ValueError("the graph has a cycle")
    return order
