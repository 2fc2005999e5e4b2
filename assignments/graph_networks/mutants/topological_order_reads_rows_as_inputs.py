"""topological_order: reads the table the wrong way round, taking row k (not column k) as neuron k's inputs."""

import heapq

import torch
from torch import Tensor


def topological_order(adjacency: Tensor) -> list[int]:
    edges = edge_mask(adjacency).T
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
    if len(order) < n:
        raise ValueError("the graph has a cycle")
    return order
