"""Public tests of receptive_field: the exam's stack and one that can be checked by hand."""

import pytest

from autograder.compare import assert_equal


@pytest.mark.points(1, visibility="visible")
def test_exam_exercise_5b(submission):
    assert_equal(submission.receptive_field([3, 5, 3], [2, 3, 1]), [3, 11, 23],
                 what="receptive_field([3, 5, 3], [2, 3, 1])")


@pytest.mark.points(0.5, visibility="visible")
def test_stride_one_layers_add_kernel_minus_one(submission):
    assert_equal(submission.receptive_field([3, 3, 3], [1, 1, 1]), [3, 5, 7],
                 what="receptive_field([3, 3, 3], [1, 1, 1])")
