"""The conv_arithmetic reference reproduces the exam's numbers and agrees with torch itself."""

from __future__ import annotations

import random

import pytest
import torch
from torch import nn


CONVS = {1: nn.Conv1d, 2: nn.Conv2d, 3: nn.Conv3d}
TRANSPOSED_CONVS = {1: nn.ConvTranspose1d, 2: nn.ConvTranspose2d, 3: nn.ConvTranspose3d}


def random_conv_config(rng: random.Random, ndim: int) -> dict:
    return {
        "input_size": tuple(rng.randint(1, 12) for _ in range(ndim)),
        "kernel_size": tuple(rng.randint(1, 5) for _ in range(ndim)),
        "stride": tuple(rng.randint(1, 4) for _ in range(ndim)),
        "padding": tuple(rng.randint(0, 3) for _ in range(ndim)),
        "dilation": tuple(rng.randint(1, 3) for _ in range(ndim)),
    }


def torch_conv_shape(config: dict) -> tuple[int, ...] | None:
    """The spatial output shape torch computes, or None when torch refuses (empty output)."""
    ndim = len(config["input_size"])
    conv = CONVS[ndim](1, 1, config["kernel_size"], stride=config["stride"],
                       padding=config["padding"], dilation=config["dilation"])
    try:
        with torch.no_grad():
            return tuple(conv(torch.zeros(1, 1, *config["input_size"])).shape[2:])
    except RuntimeError:
        return None


def test_exam_exercise_5a(ref):
    assert ref.conv_output_shape((69, 90), (7, 5), stride=3, padding=4) == (24, 32)


def test_exam_exercise_5b(ref):
    assert ref.receptive_field([3, 5, 3], [2, 3, 1]) == [3, 11, 23]


def test_int_input_gives_a_one_tuple_of_ints(ref):
    shape = ref.conv_output_shape(10, 3)
    assert shape == (8,) and type(shape) is tuple and type(shape[0]) is int
    assert ref.transposed_conv_output_shape(4, 3, stride=2) == (9,)


def test_mismatched_lengths_raise(ref):
    with pytest.raises(ValueError):
        ref.conv_output_shape((10, 10), (3, 3, 3))
    with pytest.raises(ValueError):
        ref.receptive_field([3, 3], [1])


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_conv_output_shape_agrees_with_torch(ref, ndim):
    rng = random.Random(ndim)
    empty_seen = 0
    for _ in range(150):
        config = random_conv_config(rng, ndim)
        expected = torch_conv_shape(config)
        if expected is None:
            empty_seen += 1
            with pytest.raises(ValueError):
                ref.conv_output_shape(**config)
        else:
            assert ref.conv_output_shape(**config) == expected, config
    assert empty_seen > 5, "the random configurations should include empty outputs"


def test_int_arguments_agree_with_torch(ref):
    rng = random.Random(11)
    for _ in range(100):
        ndim = rng.randint(1, 3)
        n, k, s, p, d = rng.randint(6, 15), rng.randint(1, 4), rng.randint(1, 3), rng.randint(0, 2), rng.randint(1, 2)
        input_size = n if ndim == 1 else (n,) * ndim
        config = {"input_size": (n,) * ndim, "kernel_size": (k,) * ndim, "stride": (s,) * ndim,
                  "padding": (p,) * ndim, "dilation": (d,) * ndim}
        assert ref.conv_output_shape(input_size, k, stride=s, padding=p, dilation=d) == torch_conv_shape(config)


@pytest.mark.parametrize("ndim", [1, 2, 3])
def test_transposed_conv_output_shape_agrees_with_torch(ref, ndim):
    rng = random.Random(100 + ndim)
    checked = 0
    while checked < 150:
        stride = tuple(rng.randint(1, 4) for _ in range(ndim))
        dilation = tuple(rng.randint(1, 3) for _ in range(ndim))
        config = {
            "input_size": tuple(rng.randint(1, 8) for _ in range(ndim)),
            "kernel_size": tuple(rng.randint(1, 5) for _ in range(ndim)),
            "stride": stride,
            "padding": tuple(rng.randint(0, 3) for _ in range(ndim)),
            # torch needs output_padding smaller than the stride or the dilation
            "output_padding": tuple(rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilation)),
            "dilation": dilation,
        }
        expected = ref.transposed_conv_output_shape(**config)
        if min(expected) < 1:
            continue  # an empty output is outside the contract
        module = TRANSPOSED_CONVS[ndim](1, 1, config["kernel_size"], stride=stride, padding=config["padding"],
                                        output_padding=config["output_padding"], dilation=dilation)
        with torch.no_grad():
            got = tuple(module(torch.zeros(1, 1, *config["input_size"])).shape[2:])
        assert expected == got, config
        checked += 1


def receptive_field_by_autograd(kernel_sizes, strides, dilations) -> int:
    """Span of the input elements with a non-zero gradient for a central output neuron.

    All weights are one and there is no bias, so no gradients cancel.
    """
    layers = []
    for k, s, d in zip(kernel_sizes, strides, dilations):
        conv = nn.Conv1d(1, 1, k, stride=s, dilation=d, bias=False)
        nn.init.ones_(conv.weight)
        layers.append(conv)
    stack = nn.Sequential(*layers).double()
    total_stride = 1
    for s in strides:
        total_stride *= s
    length = 4 * sum(d * (k - 1) + 1 for k, d in zip(kernel_sizes, dilations)) * total_stride + 8
    x = torch.zeros(1, 1, length, dtype=torch.float64, requires_grad=True)
    out = stack(x)
    out[0, 0, out.shape[-1] // 2].backward()
    touched = torch.nonzero(x.grad[0, 0]).flatten()
    return int(touched[-1] - touched[0] + 1)


def test_receptive_field_agrees_with_autograd(ref):
    rng = random.Random(5)
    for _ in range(60):
        depth = rng.randint(1, 4)
        kernels = [rng.randint(1, 5) for _ in range(depth)]
        strides = [rng.randint(1, 4) for _ in range(depth)]  # includes kernel < stride
        dilations = [rng.randint(1, 3) for _ in range(depth)]
        fields = ref.receptive_field(kernels, strides, dilations)
        for layer in range(depth):
            assert fields[layer] == receptive_field_by_autograd(
                kernels[: layer + 1], strides[: layer + 1], dilations[: layer + 1]
            ), (kernels, strides, dilations)


def test_receptive_field_of_the_exam_stack_by_autograd(ref):
    assert [receptive_field_by_autograd([3, 5, 3][:i], [2, 3, 1][:i], [1] * i) for i in (1, 2, 3)] == [3, 11, 23]
