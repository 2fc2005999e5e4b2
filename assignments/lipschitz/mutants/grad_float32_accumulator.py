"""critic_objective_grad accumulates into torch.zeros(d), a float32 CPU tensor whatever the inputs are."""

import torch
from torch import Tensor, nn


def critic_objective_grad(w: Tensor, samples_a: Tensor, samples_b: Tensor) -> Tensor:
    grad = torch.zeros(samples_a.shape[1])
    for x in samples_a:
        grad += x / len(samples_a)
    for x in samples_b:
        grad -= x / len(samples_b)
    return grad
