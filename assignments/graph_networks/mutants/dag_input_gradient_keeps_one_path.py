"""dag_input_gradient: overwrites each gradient with the share of the last neuron fed instead of adding up all shares."""

from typing import Callable, Optional

import torch
from torch import Tensor


def dag_input_gradient(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                       activation: Callable[[Tensor], Tensor] = torch.tanh,
                       activation_grad: Optional[Callable[[Tensor], Tensor]] = None) -> Tensor:
    derivative = tanh_derivative if activation_grad is None else activation_grad
    edges = edge_mask(adjacency)
    pre_activations, _ = forward_pass(adjacency, weights, biases, inputs, activation)
    zero = torch.zeros(inputs.shape[0], dtype=inputs.dtype, device=inputs.device)
    upstream = {k: torch.ones_like(zero) for k in output_neurons(adjacency)}
    for k in reversed(topological_order(adjacency)):
        if k not in pre_activations:
            continue
        local = upstream.get(k, zero) * derivative(pre_activations[k])
        for i in neuron_inputs(edges, k):
            upstream[i] = weights[i, k] * local
    return torch.stack([upstream.get(k, zero) for k in input_neurons(adjacency)], dim=1)
