"""The toy course of the student-side tests: three questions, one of them named by the points marker."""

from __future__ import annotations

import linecache
from typing import Any

TOY_YAML = """\
title: Toy assignment
notebook: toy_notebook.ipynb
devices: [cpu]
limits:
  notebook_seconds: 5
  call_seconds: 1
"""

TEST_ADD = '''\
import pytest
import torch
from autograder.compare import assert_equal, assert_tensor_equal


@pytest.mark.points(1, visibility="visible")
def test_adds_two_tensors(submission):
    got = submission.add(torch.tensor([1, 2]), torch.tensor([3, 4]))
    assert_tensor_equal(got, torch.tensor([4, 6]), what="add(a, b)")


@pytest.mark.points(1, visibility="visible")
def test_adds_two_numbers(submission):
    assert_equal(submission.add(2, 3), 5, what="add(2, 3)")
'''

TEST_SCALE = '''\
import pytest
import torch
from autograder.compare import assert_equal, assert_tensor_equal


@pytest.mark.points(1, visibility="visible")
def test_scales_a_tensor(submission):
    assert_tensor_equal(submission.scale(torch.ones(3), 2.0), torch.full((3,), 2.0), what="scale(x, 2.0)")


def output_shape(student):
    import torch

    layer = student.make_layer()
    return list(layer(torch.ones(4, 2)).shape)


@pytest.mark.points(1, visibility="visible", question="layers")
def test_the_layer_maps_two_features_to_one(submission):
    layer = submission.make_layer()
    assert_equal(layer.get("in_features"), 2, what="make_layer().in_features")
    assert_equal(submission.run(output_shape), [4, 1], what="the shape of the layer's output")
'''

CORRECT = '''\
import torch


def add(a, b):
    return a + b


def scale(x, factor):
    return x * factor


def make_layer():
    return torch.nn.Linear(2, 1)
'''

STUBS = '''\
import torch


def add(a, b):
    raise NotImplementedError("add is yours to write")


def scale(x, factor):
    raise NotImplementedError


class Layer(torch.nn.Linear):
    def forward(self, x):
        raise NotImplementedError("forward is yours to write")


def make_layer():
    return Layer(2, 1)
'''

QUESTIONS = ["add", "scale", "layers"]


def run_cells(*cells: str) -> dict[str, Any]:
    """A namespace as a notebook leaves it: each cell compiled as ``<cell N>``, as the worker runs them."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    for number, source in enumerate(cells, start=1):
        filename = f"<cell {number}>"
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)
    return namespace
