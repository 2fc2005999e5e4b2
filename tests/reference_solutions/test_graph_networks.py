"""The graph-network reference against slow, obviously-correct versions, autograd, and the exam's answers."""

from __future__ import annotations

import ast
import itertools
import json

import pytest
import torch

from autograder.assignment import load_assignment
from autograder.ingest.given import given_cell_id

ADJACENCY_DTYPES = [torch.bool, torch.int64, torch.float32]


# ---- slow, obviously-correct versions ---------------------------------------------------------


def random_dag(seed: int, n: int, p: float) -> torch.Tensor:
    """Edges only from an earlier to a later neuron of a random hidden order, so never a cycle."""
    g = torch.Generator().manual_seed(seed)
    rank = torch.randperm(n, generator=g)
    return ((torch.rand(n, n, generator=g) < p) & (rank[:, None] < rank[None, :])).to(torch.int64)


def is_valid_order(order: list[int], adjacency: torch.Tensor) -> bool:
    position = {k: i for i, k in enumerate(order)}
    return sorted(order) == list(range(len(adjacency))) and all(
        position[i] < position[k] for i, k in torch.nonzero(adjacency).tolist())


def smallest_order_by_brute_force(adjacency: torch.Tensor) -> list[int] | None:
    """permutations() yields in lexicographic order, so the first valid one is the smallest."""
    for order in itertools.permutations(range(len(adjacency))):
        if is_valid_order(list(order), adjacency):
            return list(order)
    return None


def has_cycle_by_matrix_powers(adjacency: torch.Tensor) -> bool:
    """A closed walk of length m exists exactly when trace(A^m) > 0; a cycle needs m <= n."""
    a = (adjacency != 0).double()
    power = torch.eye(len(a), dtype=torch.float64)
    for _ in range(len(a)):
        power = (power @ a).clamp(max=1)
        if power.trace() > 0:
            return True
    return False


def forward_by_relaxation(adjacency, weights, biases, inputs, activation):
    """Recompute every neuron from all others n times: the values of a DAG settle after its depth."""
    edges = (adjacency != 0).to(weights.dtype)
    n = len(adjacency)
    sources = [k for k in range(n) if not bool(edges[:, k].any())]
    sinks = [k for k in range(n) if not bool(edges[k].any())]
    values = torch.zeros(inputs.shape[0], n, dtype=inputs.dtype)
    for _ in range(n):
        values = activation(biases + values @ (weights * edges))
        values[:, sources] = inputs
    return values[:, sinks]


def gradient_by_autograd(ref, adjacency, weights, biases, inputs, activation=torch.tanh):
    x = inputs.clone().requires_grad_(True)
    ref.dag_forward(adjacency, weights, biases, x, activation).sum().backward()
    return x.grad


def random_parameters(seed: int, n: int, n_inputs: int, batch: int = 4, dtype=torch.float64):
    g = torch.Generator().manual_seed(seed)
    weights = torch.randn(n, n, generator=g, dtype=dtype)  # non-zero off the edges too: must be ignored
    biases = torch.randn(n, generator=g, dtype=dtype) * 0.5
    inputs = torch.randn(batch, n_inputs, generator=g, dtype=dtype)
    return weights, biases, inputs


def path_sum(adjacency, weights, source: int, sink: int) -> float:
    """Sum over every path source -> ... -> sink of the product of its weights (Exercise 7 for n(p) = p)."""
    if source == sink:
        return 1.0
    return sum(weights[source, k].item() * path_sum(adjacency, weights, k, sink)
               for k in torch.nonzero(adjacency[source]).flatten().tolist())


# ---- topological_order and is_recurrent ----------------------------------------------------------


def test_the_exam_table_is_ordered_s_to_f(ref):
    assert ref.NEURONS == ["S", "A", "B", "C", "D", "E", "F"]
    assert ref.topological_order(ref.EXAM_TABLE) == [0, 1, 2, 3, 4, 5, 6]
    assert ref.input_neurons(ref.EXAM_TABLE) == [0] and ref.output_neurons(ref.EXAM_TABLE) == [6]


def test_figure_1_is_ordered_with_h_and_j_before_g(ref):
    order = ref.topological_order(ref.FIGURE_1)
    assert [ref.FIGURE_1_NEURONS[k] for k in order] == ["x1", "x2", "a", "b", "c", "d", "f", "h", "j", "g", "e"]
    assert ref.input_neurons(ref.FIGURE_1) == [0, 1] and ref.output_neurons(ref.FIGURE_1) == [10]


@pytest.mark.parametrize("seed", range(12))
def test_order_is_the_smallest_valid_one(ref, seed):
    adjacency = random_dag(seed, 6, 0.35)
    order = ref.topological_order(adjacency)
    assert order == smallest_order_by_brute_force(adjacency)
    assert all(type(k) is int for k in order)


@pytest.mark.parametrize("dtype", ADJACENCY_DTYPES)
def test_only_non_zero_entries_matter(ref, dtype):
    adjacency = random_dag(3, 20, 0.2)
    weird_values = adjacency * torch.tensor([-2, 1, 3, 7]).repeat(100)[:400].view(20, 20)
    assert ref.topological_order(weird_values.to(dtype)) == ref.topological_order(adjacency)


@pytest.mark.parametrize("seed", range(8))
def test_is_recurrent_agrees_with_matrix_powers(ref, seed):
    adjacency = random_dag(seed, 7, 0.3)
    g = torch.Generator().manual_seed(100 + seed)
    extra = torch.randint(0, 7, (2,), generator=g).tolist()
    with_extra_edge = adjacency.clone()
    with_extra_edge[extra[0], extra[1]] = 1
    for graph in (adjacency, with_extra_edge):
        assert ref.is_recurrent(graph) is has_cycle_by_matrix_powers(graph)
        if has_cycle_by_matrix_powers(graph):
            with pytest.raises(ValueError, match="cycle"):
                ref.topological_order(graph)


def test_ones_on_the_diagonal_make_the_exam_table_recurrent(ref):
    assert ref.is_recurrent(ref.EXAM_TABLE) is False
    assert ref.is_recurrent(ref.EXAM_TABLE + torch.eye(7, dtype=torch.int64)) is True  # Exercise 8b
    one_self_loop = ref.EXAM_TABLE.clone()
    one_self_loop[3, 3] = 1
    assert ref.is_recurrent(one_self_loop) is True


def test_edge_cases(ref):
    assert ref.topological_order(torch.zeros(0, 0)) == []
    assert ref.topological_order(torch.zeros(1, 1, dtype=torch.bool)) == [0]
    assert ref.topological_order(torch.zeros(4, 4)) == [0, 1, 2, 3]
    assert ref.is_recurrent(torch.ones(1, 1)) is True


# ---- dag_forward ------------------------------------------------------------------------------


@pytest.mark.parametrize("activation", [torch.tanh, torch.sigmoid, lambda p: p])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_agrees_with_relaxation(ref, seed, activation):
    adjacency = random_dag(seed, 12, 0.3)
    weights, biases, inputs = random_parameters(seed, 12, len(ref.input_neurons(adjacency)))
    got = ref.dag_forward(adjacency, weights, biases, inputs, activation)
    torch.testing.assert_close(got, forward_by_relaxation(adjacency, weights, biases, inputs, activation))


def test_forward_of_the_exam_network_by_hand(ref):
    # Every edge weight 0.5, biases 0.1, S = 1: each neuron is tanh(0.1 + 0.5 * the sum of its inputs).
    weights = torch.full((7, 7), 0.5, dtype=torch.float64)
    biases = torch.full((7,), 0.1, dtype=torch.float64)
    s = torch.tensor(1.0, dtype=torch.float64)
    a = torch.tanh(0.1 + 0.5 * s)
    b = torch.tanh(0.1 + 0.5 * (s + a))
    c = torch.tanh(0.1 + 0.5 * (a + b))
    d = torch.tanh(0.1 + 0.5 * c)
    e = torch.tanh(0.1 + 0.5 * (s + a + b + c + d))
    f = torch.tanh(0.1 + 0.5 * (d + e))
    got = ref.dag_forward(ref.EXAM_TABLE, weights, biases, torch.tensor([[1.0]], dtype=torch.float64))
    torch.testing.assert_close(got, f.view(1, 1))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_forward_keeps_dtype_and_leaves_inputs_alone(ref, dtype):
    adjacency = random_dag(5, 10, 0.3)
    weights, biases, inputs = random_parameters(5, 10, len(ref.input_neurons(adjacency)), dtype=dtype)
    copies = [t.clone() for t in (adjacency, weights, biases, inputs)]
    got = ref.dag_forward(adjacency, weights, biases, inputs)
    assert got.dtype == dtype and got.shape == (4, len(ref.output_neurons(adjacency)))
    for before, after in zip(copies, (adjacency, weights, biases, inputs)):
        assert torch.equal(before, after)
    assert got.untyped_storage().data_ptr() != inputs.untyped_storage().data_ptr()


def test_an_isolated_neuron_is_an_input_and_an_output(ref):
    adjacency = torch.zeros(3, 3, dtype=torch.int64)
    adjacency[0, 2] = 1  # 0 -> 2, and neuron 1 stands alone
    weights, biases, inputs = random_parameters(9, 3, 2)
    got = ref.dag_forward(adjacency, weights, biases, inputs)
    torch.testing.assert_close(got[:, 0], inputs[:, 1])
    torch.testing.assert_close(got[:, 1], torch.tanh(biases[2] + weights[0, 2] * inputs[:, 0]))
    gradient = ref.dag_input_gradient(adjacency, weights, biases, inputs)
    torch.testing.assert_close(gradient[:, 1], torch.ones(4, dtype=torch.float64))


# ---- dag_input_gradient ----------------------------------------------------------------------


ACTIVATIONS = {
    "tanh": (torch.tanh, None),
    "sigmoid": (torch.sigmoid, lambda p: torch.sigmoid(p) * (1 - torch.sigmoid(p))),
    "sin": (torch.sin, torch.cos),
    "identity": (lambda p: p, torch.ones_like),
}


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradient_equals_autograd_under_inference_mode(ref, seed, activation):
    function, derivative = ACTIVATIONS[activation]
    adjacency = random_dag(seed, 15, 0.3)
    weights, biases, inputs = random_parameters(seed, 15, len(ref.input_neurons(adjacency)))
    expected = gradient_by_autograd(ref, adjacency, weights, biases, inputs, function)
    with torch.inference_mode():
        got = ref.dag_input_gradient(adjacency, weights, biases, inputs, function, derivative)
    torch.testing.assert_close(got, expected)


def test_with_the_identity_the_gradient_is_exercise_7s_sum_over_paths(ref):
    adjacency = random_dag(4, 9, 0.45)
    weights, biases, inputs = random_parameters(4, 9, len(ref.input_neurons(adjacency)), batch=1)
    got = ref.dag_input_gradient(adjacency, weights, biases, inputs, lambda p: p, torch.ones_like)
    expected = [[sum(path_sum(adjacency, weights, i, o) for o in ref.output_neurons(adjacency))
                 for i in ref.input_neurons(adjacency)]]
    torch.testing.assert_close(got, torch.tensor(expected, dtype=torch.float64))


def test_figure_1_gradients_are_the_exams_answers_to_7a_and_7b(ref):
    """7a: de/dx2 = de/dg (dg/dj dj/dx2 + dg/dh dh/dx2); 7b likewise, with dk1/dk2 = n'(pre_k1) w[k2, k1]."""
    names = ref.FIGURE_1_NEURONS
    weights, biases, inputs = random_parameters(7, len(names), 2, batch=3)
    pre, _ = ref.forward_pass(ref.FIGURE_1, weights, biases, inputs, torch.tanh)

    def d(k1: str, k2: str) -> torch.Tensor:
        """The local derivative of neuron k1 with respect to its direct input k2."""
        i1, i2 = names.index(k1), names.index(k2)
        return ref.tanh_derivative(pre[i1]) * weights[i2, i1]

    # e is the output, so d(sum of outputs)/de = 1 and "de/dk" is the local derivative of e.
    answer_7a = d("e", "g") * (d("g", "j") * d("j", "x2") + d("g", "h") * d("h", "x2"))
    answer_7b = (d("e", "f") * (d("f", "x1") + d("f", "a") * d("a", "x1") + d("f", "d") * d("d", "a") * d("a", "x1"))
                 + d("e", "d") * d("d", "a") * d("a", "x1")
                 + d("e", "c") * (d("c", "b") * d("b", "a") + d("c", "a")) * d("a", "x1"))
    got = ref.dag_input_gradient(ref.FIGURE_1, weights, biases, inputs)
    torch.testing.assert_close(got, torch.stack([answer_7b, answer_7a], dim=1))


def test_gradient_of_a_deep_layered_network_is_fast(ref):
    """6^11 paths: walking neurons, not paths, keeps it to milliseconds."""
    layers = [list(range(6 * i, 6 * i + 6)) for i in range(12)]
    adjacency = torch.zeros(72, 72, dtype=torch.int64)
    for lower, upper in zip(layers, layers[1:]):
        adjacency[lower[0]:lower[-1] + 1, upper[0]:upper[-1] + 1] = 1
    weights, biases, inputs = random_parameters(8, 72, 6)
    expected = gradient_by_autograd(ref, adjacency, weights, biases, inputs)
    torch.testing.assert_close(ref.dag_input_gradient(adjacency, weights, biases, inputs), expected)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_gradient_keeps_dtype(ref, dtype):
    adjacency = random_dag(6, 10, 0.3)
    weights, biases, inputs = random_parameters(6, 10, len(ref.input_neurons(adjacency)), dtype=dtype)
    with torch.inference_mode():
        got = ref.dag_input_gradient(adjacency, weights, biases, inputs)
    assert got.dtype == dtype and got.shape == inputs.shape


# ---- the notebook ---------------------------------------------------------------------------------


def test_every_given_cell_stands_unchanged_in_the_reference(ref):
    """One source: the notebook's given cells are the given code; the reference holds them verbatim."""
    assignment = load_assignment("graph_networks")
    cells = json.loads((assignment.folder / assignment.notebook).read_text())["cells"]
    given = {given_cell_id(c): "".join(c["source"]) for c in cells if c["cell_type"] == "code" and given_cell_id(c)}
    assert set(given) == {"imports", "exam-table", "figure-1"}
    reference = {ast.dump(node) for node in ast.parse(assignment.reference_path.read_text()).body}
    for cell_id in sorted(given):
        missing = [ast.unparse(node) for node in ast.parse(given[cell_id]).body if ast.dump(node) not in reference]
        assert not missing, f"given cell {cell_id!r} differs from the reference: {missing}"


def test_untouched_notebook_stubs_raise_not_implemented(stub_notebook_namespace):
    given = stub_notebook_namespace()
    adjacency = given["EXAM_TABLE"]
    weights, biases, inputs = torch.ones(7, 7), torch.zeros(7), torch.ones(2, 1)
    calls = [lambda: given["topological_order"](adjacency), lambda: given["is_recurrent"](adjacency),
             lambda: given["dag_forward"](adjacency, weights, biases, inputs),
             lambda: given["dag_input_gradient"](adjacency, weights, biases, inputs)]
    for call in calls:
        with pytest.raises(NotImplementedError):
            call()
