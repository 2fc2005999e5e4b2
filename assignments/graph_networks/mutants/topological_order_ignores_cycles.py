"""topological_order: returns the neurons it could place when there is a cycle, instead of raising ValueError."""

import heapq

import torch
from torch import Tensor


def topological_order(adjacency: Tensor) -> list[int]:
    edges = edge_mask(adjacency)
    n = edges.shape[0]
    inputs_left = edges.sum(dim=0).tolist()
    ready = [k for k in range(n) if inputs_left[k] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        neuron = heapq.heappop(ready)
        order.append(neuron)
        for target in torch.nonzero(edges[neuron]).flatten().tolist():
            inputs_left[target] -= 1
            if inputs_left[target] == 0:
                heapq.heappush(ready, target)
    return order
