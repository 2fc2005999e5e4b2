"""Public tests of transposed_conv_output_shape: cases that can be checked by hand."""

import pytest

from autograder.compare import assert_equal


@pytest.mark.points(0.5, visibility="visible")
def test_stride_two_doubles_the_size(submission):
    got = submission.transposed_conv_output_shape((16, 16), 4, stride=2, padding=1)
    assert_equal(got, (32, 32), what="transposed_conv_output_shape((16, 16), 4, stride=2, padding=1)")


@pytest.mark.points(0.5, visibility="visible")
def test_int_input_gives_a_one_tuple(submission):
    assert_equal(submission.transposed_conv_output_shape(4, 3), (6,), what="transposed_conv_output_shape(4, 3)")


@pytest.mark.points(0.5, visibility="visible")
def test_output_padding_undoes_a_strided_convolution(submission):
    # conv_output_shape(8, 3, stride=2, padding=1) == (4,); output_padding=1 recovers 8, not 7.
    got = submission.transposed_conv_output_shape(4, 3, stride=2, padding=1, output_padding=1)
    assert_equal(got, (8,), what="transposed_conv_output_shape(4, 3, stride=2, padding=1, output_padding=1)")
