"""dag_forward: writes each neuron's value into a preallocated tensor in place, which autograd cannot differentiate."""

from typing import Callable

import torch
from torch import Tensor


def dag_forward(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                activation: Callable[[Tensor], Tensor] = torch.tanh) -> Tensor:
    edges = edge_mask(adjacency).to(device=inputs.device, dtype=inputs.dtype)
    sources = input_neurons(adjacency)
    values = torch.zeros(inputs.shape[0], len(adjacency), dtype=inputs.dtype, device=inputs.device)
    values[:, sources] = inputs
    for k in topological_order(adjacency):
        if k not in sources:
            values[:, k] = activation(biases[k] + values @ (weights[:, k] * edges[:, k]))
    return values[:, output_neurons(adjacency)]
