"""Public tests of conv_output_shape: the exam's case and a few that can be checked by hand."""


import pytest

from autograder.compare import assert_equal, assert_raises


@pytest.mark.points(1, visibility="visible")
def test_exam_exercise_5(submission):
    got = submission.conv_output_shape((69, 90), (7, 5), stride=3, padding=4)
    assert_equal(got, (24, 32), what="conv_output_shape((69, 90), (7, 5), stride=3, padding=4)")


@pytest.mark.points(0.5, visibility="visible")
def test_int_input_gives_a_one_tuple(submission):
    assert_equal(submission.conv_output_shape(10, 3), (8,), what="conv_output_shape(10, 3)")


@pytest.mark.points(0.5, visibility="visible")
def test_same_padding_keeps_the_size(submission):
    got = submission.conv_output_shape((32, 32), 3, padding=1)
    assert_equal(got, (32, 32), what="conv_output_shape((32, 32), 3, padding=1)")


@pytest.mark.points(0.5, visibility="visible")
def test_dilation_widens_the_kernel(submission):
    got = submission.conv_output_shape(10, 3, dilation=2)
    assert_equal(got, (6,), what="conv_output_shape(10, 3, dilation=2)")


@pytest.mark.points(0.5, visibility="visible")
def test_kernel_larger_than_input_raises_value_error(submission):
    # Raising pays only when the function also computes a size that exists: a kernel of 5 fits in 5 once.
    assert_equal(submission.conv_output_shape(5, 5), (1,), what="conv_output_shape(5, 5)")
    assert_raises(lambda: submission.conv_output_shape(4, 5), "ValueError", what="conv_output_shape(4, 5)",
                  why="a kernel of 5 does not fit in 4 elements")
