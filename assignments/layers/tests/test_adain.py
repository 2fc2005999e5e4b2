"""Public tests for adain: the content normalised per sample and channel, then given the style's statistics."""

import pytest
import torch
from autograder.compare import assert_tensor_close


@pytest.mark.points(0.75, visibility="visible")
def test_the_content_gets_the_mean_and_spread_of_the_style(submission):
    # content 1, 3, 1, 3 (mean 2, sigma 1) normalises to -1, 1, -1, 1; style 5, 9 has mean 7 and sigma 2.
    content = torch.tensor([[[1.0, 3.0, 1.0, 3.0]]])
    style = torch.tensor([[[5.0, 9.0]]])
    expected = torch.tensor([[[5.0, 9.0, 5.0, 9.0]]])
    assert_tensor_close(submission.adain(content, style, eps=0.0), expected, what="adain(content, style, eps=0.0)")


@pytest.mark.points(0.75, visibility="visible")
def test_statistics_are_per_sample_and_channel(submission):
    # content [2, 2, 4] and style [2, 2, 2]. Each content row normalises to a pattern of -1 and 1; each
    # style row gives its own mean and sigma: (1, 1), (15, 5), (0, 3) and (1, 0).
    content = torch.tensor(
        [[[1.0, 3.0, 1.0, 3.0], [0.0, 0.0, 4.0, 4.0]], [[2.0, 2.0, 10.0, 10.0], [5.0, 7.0, 5.0, 7.0]]]
    )
    style = torch.tensor([[[0.0, 2.0], [10.0, 20.0]], [[-3.0, 3.0], [1.0, 1.0]]])
    expected = torch.tensor(
        [[[0.0, 2.0, 0.0, 2.0], [10.0, 10.0, 20.0, 20.0]], [[-3.0, -3.0, 3.0, 3.0], [1.0, 1.0, 1.0, 1.0]]]
    )
    got = submission.adain(content, style, eps=0.0)
    assert_tensor_close(got, expected, what="adain(content, style, eps=0.0) of two samples with two channels")
