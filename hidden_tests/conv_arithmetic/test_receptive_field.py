"""Hidden tests of receptive_field: seeded random stacks compared with the reference."""

from __future__ import annotations

import random

import pytest

from autograder.compare import assert_equal


def random_stack(rng: random.Random, *, max_kernel: int = 7, max_stride: int = 3) -> tuple[list[int], list[int]]:
    depth = rng.randint(1, 6)
    return [rng.randint(1, max_kernel) for _ in range(depth)], [rng.randint(1, max_stride) for _ in range(depth)]


@pytest.mark.points(1.5, visibility="hidden")
def test_random_strided_stacks_match(submission, reference):
    rng = random.Random(12)
    for i in range(20):
        kernels, strides = random_stack(rng)
        assert_equal(submission.receptive_field(kernels, strides), reference.receptive_field(kernels, strides),
                     what=f"the receptive fields of random stack #{i}")


@pytest.mark.points(1, visibility="hidden")
def test_dilated_stacks_match(submission, reference):
    rng = random.Random(13)
    for i in range(20):
        kernels, strides = random_stack(rng)
        dilations = [rng.randint(1, 4) for _ in kernels]
        assert_equal(submission.receptive_field(kernels, strides, dilations),
                     reference.receptive_field(kernels, strides, dilations),
                     what=f"the receptive fields of random dilated stack #{i}")


@pytest.mark.points(0.5, visibility="hidden")
def test_kernels_smaller_than_strides_still_span_the_gaps(submission, reference):
    rng = random.Random(14)
    for i in range(10):
        strides = [rng.randint(2, 5) for _ in range(rng.randint(2, 4))]
        kernels = [rng.randint(1, s - 1) for s in strides]
        assert_equal(submission.receptive_field(kernels, strides), reference.receptive_field(kernels, strides),
                     what=f"the receptive fields of a stack with kernels smaller than strides #{i}")


@pytest.mark.points(0.5, visibility="visible")
def test_a_single_layer_sees_its_kernel(submission):
    assert_equal(submission.receptive_field([7], [4]), [7], what="receptive_field([7], [4])")
