"""conv1d_as_matrix orders the columns position by position (j * C_in + c), not in the order of x.flatten(1)."""

import torch
from torch import Tensor


def conv1d_as_matrix(weight: Tensor, length: int, stride: int = 1, padding: int = 0) -> Tensor:
    out_channels, in_channels, kernel_size = weight.shape
    out_length = (length + 2 * padding - kernel_size) // stride + 1
    if out_length < 1:
        raise ValueError("the convolution has no output")
    matrix = weight.new_zeros(out_channels, out_length, length, in_channels)
    outputs = torch.arange(out_length, device=weight.device)
    starts = outputs * stride - padding
    for k in range(kernel_size):
        positions = starts + k
        inside = (positions >= 0) & (positions < length)
        matrix[:, outputs[inside], positions[inside], :] = weight[:, :, k].detach()
    return matrix.reshape(out_channels * out_length, in_channels * length)
