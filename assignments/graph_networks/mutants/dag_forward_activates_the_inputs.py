"""dag_forward: passes the input neurons through the activation too, instead of using the inputs as they are."""

from typing import Callable

from torch import Tensor


def forward_pass(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                 activation: Callable[[Tensor], Tensor]) -> tuple[dict[int, Tensor], dict[int, Tensor]]:
    edges = edge_mask(adjacency)
    values = {neuron: activation(inputs[:, column]) for column, neuron in enumerate(input_neurons(adjacency))}
    pre_activations = {}
    for k in topological_order(adjacency):
        if k in values:
            continue
        pre = biases[k] + sum(weights[i, k] * values[i] for i in neuron_inputs(edges, k))
        pre_activations[k] = pre
        values[k] = activation(pre)
    return pre_activations, values
