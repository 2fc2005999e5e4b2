"""dag_forward: leaves a neuron without edges out of the outputs (it is an input, so not an output too)."""

from typing import Callable

import torch
from torch import Tensor


def dag_forward(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                activation: Callable[[Tensor], Tensor] = torch.tanh) -> Tensor:
    _, values = forward_pass(adjacency, weights, biases, inputs, activation)
    sources = input_neurons(adjacency)
    return torch.stack([values[k] for k in output_neurons(adjacency) if k not in sources], dim=1)
