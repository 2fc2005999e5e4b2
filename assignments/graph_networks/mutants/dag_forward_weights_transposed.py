"""dag_forward: takes weights[k, i] as the weight of the edge i -> k, the table's convention the wrong way round."""

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
        pre = biases[k] + sum(weights[k, i] * values[i] for i in neuron_inputs(edges, k))
        pre_activations[k] = pre
        values[k] = activation(pre)
    return pre_activations, values
