"""Hidden tests of conv_output_shape: seeded random configurations compared with the reference."""

from __future__ import annotations

import random

import pytest

from autograder.compare import assert_equal, assert_raises


def random_config(rng: random.Random, ndim: int) -> dict:
    """A random configuration; possibly one whose output is empty."""
    return {
        "input_size": tuple(rng.randint(1, 40) for _ in range(ndim)),
        "kernel_size": tuple(rng.randint(1, 7) for _ in range(ndim)),
        "stride": tuple(rng.randint(1, 4) for _ in range(ndim)),
        "padding": tuple(rng.randint(0, 3) for _ in range(ndim)),
        "dilation": tuple(rng.randint(1, 3) for _ in range(ndim)),
    }


def configs(reference, seed: int, ndims: list[int], count: int, *, empty: bool) -> list[dict]:
    """``count`` random configurations whose output is (``empty=True``) or is not empty."""
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        config = random_config(rng, rng.choice(ndims))
        try:
            reference.conv_output_shape(**config)
            is_empty = False
        except ValueError:
            is_empty = True
        if is_empty == empty:
            found.append(config)
    return found


def assert_matches_reference(submission, reference, config: dict, what: str) -> None:
    assert_equal(submission.conv_output_shape(**config), reference.conv_output_shape(**config), what=what)


@pytest.mark.points(1.5, visibility="hidden")
def test_random_2d_configurations_match_torch(submission, reference):
    for i, config in enumerate(configs(reference, 2021, [2], 25, empty=False)):
        assert_matches_reference(submission, reference, config, f"the output shape of random 2-D convolution #{i}")


@pytest.mark.points(1.5, visibility="hidden")
def test_random_1d_and_3d_configurations_match_torch(submission, reference):
    for i, config in enumerate(configs(reference, 5400, [1, 3], 25, empty=False)):
        assert_matches_reference(submission, reference, config, f"the output shape of random convolution #{i}")


@pytest.mark.points(1, visibility="hidden")
def test_int_arguments_apply_to_every_dimension(submission, reference):
    rng = random.Random(9400)
    for i in range(15):
        config = {
            "input_size": tuple(rng.randint(12, 40) for _ in range(rng.randint(1, 3))),
            "kernel_size": rng.randint(1, 5),
            "stride": rng.randint(1, 3),
            "padding": rng.randint(0, 2),
            "dilation": rng.randint(1, 2),
        }
        assert_matches_reference(submission, reference, config, f"the output shape with int arguments #{i}")


@pytest.mark.points(1, visibility="hidden")
def test_tuple_arguments_are_used_per_dimension(submission, reference):
    rng = random.Random(69)
    for i in range(15):
        config = random_config(rng, 3)
        config["input_size"] = tuple(rng.randint(25, 40) for _ in range(3))
        assert_matches_reference(submission, reference, config, f"the output shape with per-dimension arguments #{i}")


@pytest.mark.points(0.5, visibility="hidden")
def test_int_input_gives_a_one_tuple_of_ints(submission, reference):
    rng = random.Random(90)
    for i in range(10):
        n, k = rng.randint(10, 50), rng.randint(1, 7)
        s, p = rng.randint(1, 3), rng.randint(0, 2)
        assert_equal(submission.conv_output_shape(n, k, s, p), reference.conv_output_shape(n, k, s, p),
                     what=f"the output shape of a 1-D convolution given an int input size #{i}")


@pytest.mark.points(0.5, visibility="hidden")
def test_kernel_that_just_fits_gives_one_output(submission, reference):
    rng = random.Random(7)
    for i in range(10):
        k, d, p, s = rng.randint(2, 7), rng.randint(1, 3), rng.randint(0, 2), rng.randint(1, 4)
        n = d * (k - 1) + 1 - 2 * p + rng.randint(0, s - 1)  # the dilated kernel fits exactly once
        if n < 1:
            continue
        config = {"input_size": (n, n + s), "kernel_size": k, "stride": s, "padding": p, "dilation": d}
        assert_matches_reference(submission, reference, config, f"the output shape when the kernel just fits #{i}")


@pytest.mark.points(1, visibility="hidden")
def test_empty_output_raises_value_error(submission, reference):
    for i, config in enumerate(configs(reference, 25, [1, 2, 3], 3, empty=False)):  # raising pays only with right sizes
        assert_matches_reference(submission, reference, config, f"the output shape of a convolution #{i}")
    for i, config in enumerate(configs(reference, 24, [1, 2, 3], 20, empty=True)):
        assert_raises(lambda: submission.conv_output_shape(**config), "ValueError",
                      what=f"conv_output_shape for a configuration whose output is empty (#{i})")
