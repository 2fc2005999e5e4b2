"""dag_forward: multiplies each weight by its adjacency entry, so an entry of 2 doubles the weight."""

from typing import Callable

from torch import Tensor


def forward_pass(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                 activation: Callable[[Tensor], Tensor]) -> tuple[dict[int, Tensor], dict[int, Tensor]]:
    edges = edge_mask(adjacency)
    values = {neuron: inputs[:, column] for column, neuron in enumerate(input_neurons(adjacency))}
    pre_activations = {}
    for k in topological_order(adjacency):
        if k in values:
            continue
        pre = biases[k] + sum(adjacency[i, k] * weights[i, k] * values[i] for i in neuron_inputs(edges, k))
        pre_activations[k] = pre
        values[k] = activation(pre)
    return pre_activations, values
