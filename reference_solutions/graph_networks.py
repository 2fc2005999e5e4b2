"""Reference solution: neural networks as directed graphs (IN5400/IN9400 exam, June 2021, Exercises 8 and 7).

A network is an adjacency matrix: ``adjacency[i, k] != 0`` means neuron k takes neuron i as input
(i -> k), the convention of Exercise 8's table. Neurons without inputs are the network's inputs,
neurons without outgoing edges its outputs (a neuron with neither is both). Every other neuron k
computes ``activation(biases[k] + sum_i weights[i, k] * value_i)`` over its inputs i.

The gradient of Exercise 7 is a sum over paths; ``dag_input_gradient`` computes it without autograd,
one neuron at a time in reverse topological order, so every path is walked once in total rather
than once per path.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Given in the notebook (cells "imports", "exam-table" and "figure-1"), copied here unchanged.
# ---------------------------------------------------------------------------------------------

import heapq
from typing import Callable, Optional

import torch
from torch import Tensor

# Exercise 8's table. Row i, column k: 1 means neuron k is a function of neuron i (i -> k).
NEURONS = ["S", "A", "B", "C", "D", "E", "F"]
EXAM_TABLE = torch.tensor(
    [
        [0, 1, 1, 0, 0, 1, 0],  # S
        [0, 0, 1, 1, 0, 1, 0],  # A
        [0, 0, 0, 1, 0, 1, 0],  # B
        [0, 0, 0, 0, 1, 1, 0],  # C
        [0, 0, 0, 0, 0, 1, 1],  # D
        [0, 0, 0, 0, 0, 0, 1],  # E
        [0, 0, 0, 0, 0, 0, 0],  # F: not a row of the exam's table; F is the output and feeds nothing
    ]
)


def adjacency_from_edges(names: list[str], edges: list[tuple[str, str]]) -> Tensor:
    """The int64 adjacency matrix of the neurons ``names`` with an edge i -> k for each pair (i, k)."""
    index = {name: position for position, name in enumerate(names)}
    adjacency = torch.zeros(len(names), len(names), dtype=torch.int64)
    for source, target in edges:
        adjacency[index[source], index[target]] = 1
    return adjacency


# Exercise 7's network as the exam's answers to 7a and 7b use it, with e as the only output.
FIGURE_1_NEURONS = ["x1", "x2", "a", "b", "c", "d", "f", "g", "h", "j", "e"]
FIGURE_1_EDGES = [
    ("x1", "a"), ("x1", "f"), ("a", "b"), ("a", "c"), ("a", "d"), ("a", "f"), ("b", "c"), ("d", "f"),
    ("x2", "j"), ("x2", "h"), ("j", "g"), ("h", "g"),
    ("c", "e"), ("d", "e"), ("f", "e"), ("g", "e"),
]
FIGURE_1 = adjacency_from_edges(FIGURE_1_NEURONS, FIGURE_1_EDGES)

# ---------------------------------------------------------------------------------------------
# The graph: which neuron feeds which.
# ---------------------------------------------------------------------------------------------


def edge_mask(adjacency: Tensor) -> Tensor:
    """A bool [n, n] CPU tensor, True where i -> k: only non-zero entries count, whatever the dtype."""
    return (adjacency != 0).cpu()


def input_neurons(adjacency: Tensor) -> list[int]:
    """The neurons no edge points to (an all-zero column), in index order: the network's inputs."""
    has_input = edge_mask(adjacency).any(dim=0)
    return [k for k in range(len(has_input)) if not has_input[k]]


def output_neurons(adjacency: Tensor) -> list[int]:
    """The neurons with no outgoing edge (an all-zero row), in index order: the network's outputs."""
    feeds_another = edge_mask(adjacency).any(dim=1)
    return [k for k in range(len(feeds_another)) if not feeds_another[k]]


def neuron_inputs(edges: Tensor, k: int) -> list[int]:
    """The neurons i with i -> k, in index order (``edges`` is an ``edge_mask``)."""
    return torch.nonzero(edges[:, k]).flatten().tolist()


def topological_order(adjacency: Tensor) -> list[int]:
    """Every neuron once, each after all of its inputs: the lexicographically smallest such order.

    Kahn's algorithm: keep the neurons whose inputs are all placed in a min-heap and always place
    the smallest. A neuron on a cycle (a self-loop included) never gets all its inputs placed, so
    fewer than n neurons get placed exactly when the graph has a cycle.
    """
    edges = edge_mask(adjacency)
    n = edges.shape[0]
    inputs_left = edges.sum(dim=0).tolist()  # how many inputs of each neuron are not placed yet
    ready = [k for k in range(n) if inputs_left[k] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        neuron = heapq.heappop(ready)
        order.append(neuron)
        for target in torch.nonzero(edges[neuron]).flatten().tolist():
            inputs_left[target] -= 1
            if inputs_left[target] == 0:
                heapq.heappush(ready, target)
    if len(order) < n:
        stuck = sorted(set(range(n)) - set(order))
        raise ValueError(f"the graph has a cycle: neurons {stuck} lie on a cycle or after one, "
                         "so no order puts every neuron after its inputs")
    return order


def is_recurrent(adjacency: Tensor) -> bool:
    """Whether the graph has a cycle (a neuron feeding itself counts): Exercise 8b's recurrent network."""
    try:
        topological_order(adjacency)
    except ValueError:
        return True
    return False


# ---------------------------------------------------------------------------------------------
# The network: values forward, gradients backward.
# ---------------------------------------------------------------------------------------------


def forward_pass(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                 activation: Callable[[Tensor], Tensor]) -> tuple[dict[int, Tensor], dict[int, Tensor]]:
    """The pre-activation of every computed neuron and the value of every neuron, each a [B] tensor.

    Values live in a dict of new tensors, never written into a preallocated one in place, so that
    autograd can differentiate through them.
    """
    edges = edge_mask(adjacency)
    values = {neuron: inputs[:, column] for column, neuron in enumerate(input_neurons(adjacency))}
    pre_activations: dict[int, Tensor] = {}
    for k in topological_order(adjacency):
        if k in values:
            continue
        pre = biases[k] + sum(weights[i, k] * values[i] for i in neuron_inputs(edges, k))
        pre_activations[k] = pre
        values[k] = activation(pre)
    return pre_activations, values


def dag_forward(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                activation: Callable[[Tensor], Tensor] = torch.tanh) -> Tensor:
    """The network's outputs [B, n_outputs] (index order) for ``inputs`` [B, n_inputs] (index order)."""
    _, values = forward_pass(adjacency, weights, biases, inputs, activation)
    return torch.stack([values[k] for k in output_neurons(adjacency)], dim=1)


def tanh_derivative(pre: Tensor) -> Tensor:
    """d tanh(p) / dp = 1 - tanh(p)^2, the default ``activation_grad``."""
    return 1 - torch.tanh(pre) ** 2


def dag_input_gradient(adjacency: Tensor, weights: Tensor, biases: Tensor, inputs: Tensor,
                       activation: Callable[[Tensor], Tensor] = torch.tanh,
                       activation_grad: Optional[Callable[[Tensor], Tensor]] = None) -> Tensor:
    """d(sum of the outputs) / d inputs, [B, n_inputs], by the chain rule and without autograd.

    ``upstream[k]`` is d(sum of the outputs) / d value_k. It is 1 at every output; walking the
    neurons in reverse topological order, each neuron k has its complete ``upstream`` (all the
    neurons it feeds come later in the order) and passes ``upstream[k] * n'(pre_k) * weights[i, k]``
    on to each input i. Summed over everything i feeds, that is Exercise 7's sum over paths.
    """
    derivative = tanh_derivative if activation_grad is None else activation_grad
    edges = edge_mask(adjacency)
    pre_activations, _ = forward_pass(adjacency, weights, biases, inputs, activation)
    zero = torch.zeros(inputs.shape[0], dtype=inputs.dtype, device=inputs.device)
    upstream = {k: torch.ones_like(zero) for k in output_neurons(adjacency)}
    for k in reversed(topological_order(adjacency)):
        if k not in pre_activations:
            continue  # an input neuron: nothing before it
        local = upstream.get(k, zero) * derivative(pre_activations[k])
        for i in neuron_inputs(edges, k):
            upstream[i] = upstream.get(i, zero) + weights[i, k] * local
    return torch.stack([upstream.get(k, zero) for k in input_neurons(adjacency)], dim=1)


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "8a": (
        "(A drawing: the exam's text keeps only the labels of its seven neurons.)\n"
        "For the TA, from the table (not the exam's words): S is the input and F the output, with the 13 edges "
        "S→A, S→B, S→E, A→B, A→C, A→E, B→C, B→E, C→D, C→E, D→E, D→F, E→F. Each neuron takes the one before it in "
        "the table's order as an input, so a layered drawing puts every neuron in a layer of its own."
    ),
    "8b": (
        "in that case neurons have connections to itself. This is the case for cells in a recurrent neural network "
        "with hidden states. A cell can be called repeatedly with new inputs and its hidden state from a previous "
        "call."
    ),
}
