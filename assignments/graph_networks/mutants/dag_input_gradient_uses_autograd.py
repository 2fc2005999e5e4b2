"""dag_input_gradient: asks autograd (torch.autograd.grad), which cannot work under torch.inference_mode()."""

from typing import Callable, Optional

import torch
from torch import Tensor


def dag_input_gradient(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                       activation: Callable[[Tensor], Tensor] = torch.tanh,
                       activation_grad: Optional[Callable[[Tensor], Tensor]] = None) -> Tensor:
    x = inputs.clone().requires_grad_(True)
    outputs = dag_forward(adjacency, weights, biases, x, activation)
    (gradient,) = torch.autograd.grad(outputs.sum(), x)
    return gradient
