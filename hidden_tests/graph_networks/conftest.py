"""What the hidden graph_networks suites share: random networks, calls with other activations, the ValueError check.

The generators are fixtures (each returns a function), since the grader imports test modules with
``--import-mode=importlib``, where one test module cannot import another.
"""

from __future__ import annotations

from typing import Callable

import pytest
import torch


ARGUMENTS = ("adjacency", "weights", "biases", "inputs")


def _random_dag(seed: int, n: int, edge_probability: float, dtype: torch.dtype = torch.int64,
                values: tuple[float, ...] = (1,)) -> torch.Tensor:
    """A network without cycles: edges only from earlier to later neurons of a hidden random order.

    Each edge's entry is drawn from ``values`` (all non-zero), so that "non-zero means an edge" is exercised.
    """
    g = torch.Generator().manual_seed(seed)
    rank = torch.randperm(n, generator=g)
    edges = (torch.rand(n, n, generator=g) < edge_probability) & (rank[:, None] < rank[None, :])
    entries = torch.tensor(values, dtype=torch.float64)[torch.randint(len(values), (n, n), generator=g)]
    return (edges * entries).to(dtype)


def _add_cycle(adjacency: torch.Tensor, seed: int) -> torch.Tensor:
    """A copy with one edge v -> u added where a path u -> ... -> v of two or more edges exists.

    The cycle then has three or more neurons: no self-loop and no pair i -> k -> i gives it away.
    """
    edges = (adjacency != 0).double()
    reach = edges.clone()
    for _ in range(len(edges)):
        reach = ((reach + reach @ edges) > 0).double()
    longer_paths = torch.nonzero((edges @ reach) > 0)
    if len(longer_paths) == 0:
        raise RuntimeError("grader bug: the network has no path of two edges to close into a cycle")
    g = torch.Generator().manual_seed(seed)
    u, v = longer_paths[int(torch.randint(len(longer_paths), (1,), generator=g))].tolist()
    cyclic = adjacency.clone()
    cyclic[v, u] = 1
    return cyclic


def _with_isolated_neurons(adjacency: torch.Tensor, positions: list[int]) -> torch.Tensor:
    """The network with neurons that have neither inputs nor outputs inserted at ``positions``."""
    n = len(adjacency) + len(positions)
    others = [k for k in range(n) if k not in positions]
    bigger = torch.zeros(n, n, dtype=adjacency.dtype)
    bigger[torch.tensor(others)[:, None], torch.tensor(others)[None, :]] = adjacency
    return bigger


def _random_network(reference, adjacency: torch.Tensor, seed: int, batch: int, dtype: torch.dtype, device: str):
    """adjacency, weights, biases, inputs on ``device``; the weights are non-zero off the edges too."""
    g = torch.Generator().manual_seed(seed)
    n = len(adjacency)
    weights = torch.randn(n, n, generator=g, dtype=torch.float64) * 0.8
    biases = torch.randn(n, generator=g, dtype=torch.float64) * 0.5
    inputs = torch.randn(batch, len(reference.input_neurons(adjacency)), generator=g, dtype=torch.float64)
    return adjacency.to(device), *(t.to(dtype=dtype, device=device) for t in (weights, biases, inputs))


def call_in_worker(student, question, activation, adjacency, weights, biases, inputs):
    """Runs in the worker (and, with the reference, in the grader): one call with a named activation.

    question "dag_forward": the outputs; "dag_input_gradient": its result, called inside
    torch.inference_mode(); "autograd_input_gradient": autograd's gradient of the sum of dag_forward's
    outputs with respect to the inputs (the expected value of dag_input_gradient). Returns the result
    and the names of the arguments that the call changed in place.
    """
    import torch

    activations = {  # name: (activation, its derivative); None: tanh, passed by leaving both defaults
        "tanh": (None, None),
        "sigmoid": (torch.sigmoid, lambda p: torch.sigmoid(p) * (1 - torch.sigmoid(p))),
        "sin": (torch.sin, torch.cos),
        "identity": (lambda p: p, torch.ones_like),
    }
    function, derivative = activations[activation]
    options = {} if function is None else {"activation": function}
    arguments = (adjacency, weights, biases, inputs)
    before = [t.clone() for t in arguments]
    if question == "dag_forward":
        result = student.dag_forward(*arguments, **options)
    elif question == "dag_input_gradient":
        if derivative is not None:
            options["activation_grad"] = derivative
        with torch.inference_mode():
            result = student.dag_input_gradient(*arguments, **options)
    else:
        x = inputs.clone().requires_grad_(True)
        student.dag_forward(adjacency, weights, biases, x, **options).sum().backward()
        result = x.grad
    if isinstance(result, torch.Tensor):
        result = result.detach()
    names = ("adjacency", "weights", "biases", "inputs")
    changed = [name for name, old, new in zip(names, before, arguments) if not torch.equal(old, new)]
    return result, changed


@pytest.fixture
def random_dag() -> Callable[..., torch.Tensor]:
    return _random_dag


@pytest.fixture
def add_cycle() -> Callable[..., torch.Tensor]:
    return _add_cycle


@pytest.fixture
def with_isolated_neurons() -> Callable[..., torch.Tensor]:
    return _with_isolated_neurons


@pytest.fixture
def random_network(reference) -> Callable[..., tuple]:
    """random_network(adjacency, seed, batch, dtype, device) -> (adjacency, weights, biases, inputs)."""
    return lambda adjacency, seed, batch, dtype, device: _random_network(reference, adjacency, seed, batch,
                                                                        dtype, device)


@pytest.fixture
def call_with(submission) -> Callable[..., object]:
    """call_with(question, activation, adjacency, weights, biases, inputs): the student's result, in the worker.

    Fails, as the worker's own check of a direct call does, when the call changed an argument in place.
    """
    def call(question: str, activation: str, *arguments: torch.Tensor):
        reply = submission.run(call_in_worker, question, activation, *arguments)
        got, changed = reply if isinstance(reply, (list, tuple)) and len(reply) == 2 else (reply, ())
        for name in ARGUMENTS:
            if isinstance(changed, (list, tuple)) and name in changed:
                raise AssertionError(f"{question}(...) modified its argument `{name}` in place; "
                                     "the inputs must be left unchanged (work on a copy)")
        return got
    return call


@pytest.fixture
def expected_with(reference) -> Callable[..., torch.Tensor]:
    """expected_with(question, activation, ...): the reference's value; autograd's for dag_input_gradient."""
    def expected(question: str, activation: str, *arguments: torch.Tensor) -> torch.Tensor:
        asked = "autograd_input_gradient" if question == "dag_input_gradient" else question
        return call_in_worker(reference, asked, activation, *arguments)[0]
    return expected
