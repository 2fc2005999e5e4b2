"""topological_order: deletes each placed neuron's outgoing edges from the caller's adjacency, in place."""

from torch import Tensor


def topological_order(adjacency: Tensor) -> list[int]:
    n = adjacency.shape[0]
    placed = set()
    order = []
    while len(order) < n:
        ready = [k for k in range(n) if k not in placed and not bool((adjacency[:, k] != 0).any())]
        if not ready:
            raise ValueError("the graph has a cycle")
        neuron = min(ready)
        placed.add(neuron)
        order.append(neuron)
        adjacency[neuron, :] = 0  # "remove its edges" -- from the caller's tensor
    return order
