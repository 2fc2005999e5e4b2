"""dag_forward: sums weights[i, k] * value_i over every neuron computed so far, not only over k's inputs."""

from typing import Callable

from torch import Tensor


def forward_pass(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                 activation: Callable[[Tensor], Tensor]) -> tuple[dict[int, Tensor], dict[int, Tensor]]:
    values = {neuron: inputs[:, column] for column, neuron in enumerate(input_neurons(adjacency))}
    pre_activations = {}
    for k in topological_order(adjacency):
        if k in values:
            continue
        pre = biases[k] + sum(weights[i, k] * values[i] for i in list(values))
        pre_activations[k] = pre
        values[k] = activation(pre)
    return pre_activations, values
