"""topological_order: returns 0-dim tensors taken from torch.nonzero, not Python ints."""

import heapq

import torch
from torch import Tensor


def topological_order(adjacency: Tensor) -> list[int]:
    edges = edge_mask(adjacency)
    inputs_left = edges.sum(dim=0)
    ready = list(torch.nonzero(inputs_left == 0).flatten())
    heapq.heapify(ready)
    order = []
    while ready:
        neuron = heapq.heappop(ready)
        order.append(neuron)
        for target in torch.nonzero(edges[neuron]).flatten():
            inputs_left[target] -= 1
            if inputs_left[target] == 0:
                heapq.heappush(ready, target)
    if len(order) < len(edges):
        raise ValueError("the graph has a cycle")
    return order
