"""Hidden tests for conv1d_as_matrix: random kernels with and without stride and padding, and empty outputs.

Each configuration is (C_out, C_in, K, length, stride, padding). The reference itself is checked
against F.conv1d in tests/reference_solutions/test_layers.py.
"""


import pytest
import torch
from autograder.compare import assert_raises, assert_tensor_close

# Points are per variant: each dtype variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]

PLAIN = [(3, 2, 3, 10, 1, 0), (1, 4, 1, 6, 1, 0), (2, 1, 5, 5, 1, 0), (4, 3, 2, 7, 1, 0)]
STRIDED = [(2, 3, 3, 11, 2, 0), (3, 2, 4, 13, 3, 0), (1, 1, 2, 9, 4, 0), (2, 2, 3, 10, 2, 0)]
# Padding wider than the kernel reaches, and stride with padding, leave rows (partly) on the zeros.
PADDED = [(2, 3, 3, 8, 1, 1), (3, 2, 4, 9, 2, 2), (2, 2, 5, 4, 1, 3), (1, 2, 1, 5, 3, 1), (2, 1, 3, 6, 1, 2)]
# L_out = (length + 2*padding - K) // stride + 1 < 1. The last one is -1 // 2 + 1 = 0, which
# truncating towards zero (int(-0.5) + 1 = 1) gets wrong.
EMPTY = [(2, 3, 5, 3, 1, 0), (1, 2, 6, 3, 1, 1), (2, 1, 3, 1, 2, 0), (1, 1, 3, 2, 2, 0)]


def random_weight(seed: int, config: tuple, dtype: torch.dtype, device: str) -> torch.Tensor:
    out_channels, in_channels, kernel_size = config[:3]
    g = torch.Generator().manual_seed(seed)
    return torch.randn(out_channels, in_channels, kernel_size, generator=g, dtype=torch.float64).to(dtype=dtype, device=device)


def assert_matrices_match(submission, reference, seed: int, configs: list[tuple], kind: str, dtype, device) -> None:
    for i, config in enumerate(configs):
        weight = random_weight(seed + i, config, dtype, device)
        length, stride, padding = config[3:]
        expected = reference.conv1d_as_matrix(weight, length, stride=stride, padding=padding)
        got = submission.conv1d_as_matrix(weight, length, stride=stride, padding=padding)
        assert_tensor_close(got, expected, what=f"conv1d_as_matrix for {kind} #{i + 1}")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_random_kernels_with_stride_one_and_no_padding(submission, reference, device, dtype):
    assert_matrices_match(submission, reference, 4101, PLAIN, "a random kernel (stride 1, no padding)", dtype, device)


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_strided_windows(submission, reference, device, dtype):
    assert_matrices_match(submission, reference, 4201, STRIDED, "a random kernel with stride 2 to 4", dtype, device)


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_zero_padding_is_folded_into_the_matrix(submission, reference, device, dtype):
    assert_matrices_match(submission, reference, 4301, PADDED, "a random kernel with zero padding", dtype, device)


@pytest.mark.points(0.5, visibility="hidden")
def test_an_empty_output_raises_value_error(submission, reference):
    # Only a function that gets an ordinary matrix right earns the points for raising.
    assert_matrices_match(submission, reference, 4401, PLAIN[:1], "a random kernel (stride 1, no padding)",
                          torch.float32, "cpu")
    for i, config in enumerate(EMPTY):
        weight = random_weight(4402 + i, config, torch.float32, "cpu")
        length, stride, padding = config[3:]
        assert_raises(lambda: submission.conv1d_as_matrix(weight, length, stride=stride, padding=padding),
                      "ValueError", what=f"conv1d_as_matrix for a kernel that does not fit in the padded input (#{i + 1})")
