"""Public test for upsampling_block: both modes turn an 8x8 feature map into a 16x16 one."""

import pytest
import torch
from autograder.compare import assert_equal


def shapes_of_two_runs(student, mode):
    """Runs in the notebook's process: the output shapes for two inputs [1, 3, 8, 8], and whether they differ."""
    import torch

    torch.manual_seed(0)
    block = student.upsampling_block(3, 4, mode)
    first, second = block(torch.randn(1, 3, 8, 8)), block(torch.randn(1, 3, 8, 8))
    return tuple(first.shape), tuple(second.shape), not torch.equal(first, second)


@pytest.mark.points(0.25, visibility="visible")
@pytest.mark.parametrize("mode", ["transposed", "upsample"])
def test_both_modes_double_an_8x8_feature_map(submission, mode):
    first, second, differ = submission.run(shapes_of_two_runs, mode)
    what = f'the output shape of upsampling_block(3, 4, "{mode}") for an input of shape (1, 3, 8, 8)'
    assert_equal(first, (1, 4, 16, 16), what=what)
    assert_equal(second, (1, 4, 16, 16), what=what)
    assert_equal(differ, True, what=f'whether the output of upsampling_block(3, 4, "{mode}") depends on its input')
