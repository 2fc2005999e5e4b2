"""Public tests for conv1d_as_matrix: small kernels whose matrix you can write down by hand."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(0.5, visibility="visible")
def test_one_channel_kernel_slides_along_the_rows(submission):
    # Kernel (1, 2, 3) over 4 positions: 2 outputs, each row the kernel shifted by one.
    weight = torch.tensor([[[1.0, 2.0, 3.0]]])
    expected = torch.tensor([[1.0, 2.0, 3.0, 0.0], [0.0, 1.0, 2.0, 3.0]])
    assert_tensor_close(submission.conv1d_as_matrix(weight, 4), expected, what="conv1d_as_matrix(weight, 4)")


@pytest.mark.points(0.5, visibility="visible")
def test_zero_padding_drops_the_weights_that_fall_outside(submission):
    # Padding 1 adds a zero at each end: 4 outputs; the first and last rows lose the weight on the zero.
    weight = torch.tensor([[[1.0, 2.0, 3.0]]])
    expected = torch.tensor(
        [[2.0, 3.0, 0.0, 0.0], [1.0, 2.0, 3.0, 0.0], [0.0, 1.0, 2.0, 3.0], [0.0, 0.0, 1.0, 2.0]]
    )
    got = submission.conv1d_as_matrix(weight, 4, padding=1)
    assert_tensor_close(got, expected, what="conv1d_as_matrix(weight, 4, padding=1)")


@pytest.mark.points(0.5, visibility="visible")
def test_two_input_channels_and_two_outputs_with_stride_two(submission):
    # C_out = 2, C_in = 2, K = 2, length 4, stride 2: L_out = 2. Columns are channel 0's positions 0-3,
    # then channel 1's positions 0-3; rows are output channel 0 at t = 0, 1, then output channel 1.
    weight = torch.tensor([[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]])
    expected = torch.tensor(
        [
            [1.0, 2.0, 0.0, 0.0, 3.0, 4.0, 0.0, 0.0],
            [0.0, 0.0, 1.0, 2.0, 0.0, 0.0, 3.0, 4.0],
            [5.0, 6.0, 0.0, 0.0, 7.0, 8.0, 0.0, 0.0],
            [0.0, 0.0, 5.0, 6.0, 0.0, 0.0, 7.0, 8.0],
        ]
    )
    got = submission.conv1d_as_matrix(weight, 4, stride=2)
    assert_tensor_close(got, expected, what="conv1d_as_matrix(weight, 4, stride=2)")
