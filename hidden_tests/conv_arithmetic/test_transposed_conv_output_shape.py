"""Hidden tests of transposed_conv_output_shape: seeded random configurations compared with the reference."""

from __future__ import annotations

import random

import pytest

from autograder.compare import assert_equal


def random_config(rng: random.Random, ndim: int, *, output_padding: bool, dilation: bool) -> dict:
    stride = tuple(rng.randint(1, 4) for _ in range(ndim))
    dilations = tuple(rng.randint(1, 3) if dilation else 1 for _ in range(ndim))
    config = {
        "input_size": tuple(rng.randint(2, 30) for _ in range(ndim)),
        "kernel_size": tuple(rng.randint(1, 6) for _ in range(ndim)),
        "stride": stride,
        "padding": tuple(rng.randint(0, 2) for _ in range(ndim)),
        "dilation": dilations,
    }
    if output_padding:  # torch needs output_padding < max(stride, dilation)
        config["output_padding"] = tuple(rng.randint(0, max(s, d) - 1) for s, d in zip(stride, dilations))
    return config


def check_configurations(submission, reference, seed: int, *, output_padding: bool, dilation: bool, label: str):
    rng = random.Random(seed)
    checked = 0
    while checked < 20:
        config = random_config(rng, rng.randint(1, 3), output_padding=output_padding, dilation=dilation)
        expected = reference.transposed_conv_output_shape(**config)
        if min(expected) < 1:
            continue  # empty outputs are outside the contract
        got = submission.transposed_conv_output_shape(**config)
        assert_equal(got, expected, what=f"the output shape of {label} #{checked}")
        checked += 1


@pytest.mark.points(1.5, visibility="hidden")
def test_random_strided_configurations_match_torch(submission, reference):
    check_configurations(submission, reference, 31, output_padding=False, dilation=False,
                         label="a random transposed convolution")


@pytest.mark.points(1, visibility="hidden")
def test_output_padding_is_added_once(submission, reference):
    check_configurations(submission, reference, 32, output_padding=True, dilation=False,
                         label="a random transposed convolution with output_padding")


@pytest.mark.points(1, visibility="hidden")
def test_dilation_widens_the_kernel(submission, reference):
    check_configurations(submission, reference, 33, output_padding=True, dilation=True,
                         label="a random dilated transposed convolution")
