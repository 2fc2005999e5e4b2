"""is_recurrent: clears the diagonal first, as if a neuron feeding itself were no cycle."""

from torch import Tensor


def is_recurrent(adjacency: Tensor) -> bool:
    edges = edge_mask(adjacency)
    edges.fill_diagonal_(False)
    try:
        topological_order(edges)
    except ValueError:
        return True
    return False
