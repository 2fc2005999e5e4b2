"""Reference solution: layers written by hand (IN5400/IN9400 exam, June 2021, Exercises 4a, 4b, 13a).

Each function is built from plain tensor operations and must agree with the PyTorch function it
mirrors: ``conv1d_as_matrix`` with ``F.conv1d``, ``batch_norm`` with ``F.batch_norm`` in training
mode, ``instance_norm`` with ``F.instance_norm``, ``cosine_similarity`` with
``F.cosine_similarity``. Those are what results are compared with, never what is called here.
Every function keeps the dtype and device of its inputs and leaves them unchanged.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor


def conv1d_as_matrix(weight: Tensor, length: int, stride: int = 1, padding: int = 0) -> Tensor:
    """The 1-D convolution with ``weight`` [C_out, C_in, K] as one matrix [C_out * L_out, C_in * length].

    Exercise 4a in numbers: a convolution is a fully connected layer whose matrix is mostly zeros
    and repeats the same K weights in every row of a channel. Row ``o * L_out + t`` computes output
    channel ``o`` at position ``t``; column ``c * length + j`` reads input channel ``c`` at position
    ``j`` (the order of ``x.flatten(1)``). The window of output ``t`` starts at input position
    ``t * stride - padding``; positions outside ``0..length-1`` are the zero padding, so their
    columns simply do not exist and the weights that would read them are dropped.
    """
    out_channels, in_channels, kernel_size = weight.shape
    out_length = (length + 2 * padding - kernel_size) // stride + 1
    if out_length < 1:
        raise ValueError(
            f"the convolution has no output: (length + 2*padding - K) // stride + 1 = "
            f"({length} + 2*{padding} - {kernel_size}) // {stride} + 1 = {out_length} < 1"
        )
    matrix = weight.new_zeros(out_channels, out_length, in_channels, length)
    outputs = torch.arange(out_length, device=weight.device)
    starts = outputs * stride - padding
    for k in range(kernel_size):
        positions = starts + k
        inside = (positions >= 0) & (positions < length)
        # Advanced indices on dims 1 and 3 put their dimension first: the target is [n, C_out, C_in].
        matrix[:, outputs[inside], :, positions[inside]] = weight[:, :, k].detach()
    return matrix.reshape(out_channels * out_length, in_channels * length)


def _spatial_dims(x: Tensor) -> list[int]:
    """The dims after [N, C]: the spatial (or sequence) positions of a feature map."""
    return list(range(2, x.dim()))


def _per_channel(values: Tensor, like: Tensor) -> Tensor:
    """A [C] tensor shaped [1, C, 1, ...] to broadcast over a [N, C, *] tensor."""
    return values.reshape(1, -1, *([1] * (like.dim() - 2)))


def batch_norm(x: Tensor, gamma: Tensor, beta: Tensor, eps: float = 1e-5) -> Tensor:
    """Training-mode batch normalisation of ``x`` [N, C, *] with scale ``gamma`` [C] and shift ``beta`` [C].

    Each channel is normalised with the mean and the biased variance of all its values in the
    batch (every sample, every position): the statistics are shared across the batch, which is
    what Exercise 4b contrasts with instance normalisation.
    """
    dims = [0, *_spatial_dims(x)]
    mean = x.mean(dim=dims, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    normalised = (x - mean) / torch.sqrt(variance + eps)
    return _per_channel(gamma, x) * normalised + _per_channel(beta, x)


def _mean_and_std(x: Tensor, eps: float) -> tuple[Tensor, Tensor]:
    """Mean and sqrt(biased variance + eps) of each sample and channel over the spatial dims, kept as [N, C, 1, ...]."""
    dims = _spatial_dims(x)
    mean = x.mean(dim=dims, keepdim=True)
    variance = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    return mean, torch.sqrt(variance + eps)


def instance_norm(x: Tensor, eps: float = 1e-5) -> Tensor:
    """Instance normalisation of ``x`` [N, C, *] without affine parameters: each sample and channel on its own.

    As if batch norm ran with a batch of one sample (Exercise 4b's first difference).
    """
    mean, std = _mean_and_std(x, eps)
    return (x - mean) / std


def adain(content: Tensor, style: Tensor, eps: float = 1e-5) -> Tensor:
    """Adaptive instance normalisation: ``content`` [N, C, *] with the statistics of ``style`` [N, C, *'].

    ``sigma(style) * instance_norm(content) + mu(style)``: the scale and the shift are not trained
    parameters, as in batch norm, but come from another input (Exercise 4b's second difference).
    The two feature maps may differ in spatial size: only their per-channel statistics meet.
    """
    style_mean, style_std = _mean_and_std(style.flatten(2), eps)
    shape = (*style_mean.shape[:2], *([1] * (content.dim() - 2)))
    return style_std.reshape(shape) * instance_norm(content, eps) + style_mean.reshape(shape)


def cosine_similarity(v: Tensor, w: Tensor, eps: float = 1e-8) -> Tensor:
    """``v . w / (max(|v|, eps) * max(|w|, eps))`` along the last dim, with broadcasting (Exercise 13a).

    Each norm is bounded below by ``eps`` as in ``F.cosine_similarity``, so a zero vector has
    similarity 0 with anything instead of 0 / 0.
    """
    v_norm = torch.sqrt((v * v).sum(dim=-1)).clamp_min(eps)
    w_norm = torch.sqrt((w * w).sum(dim=-1)).clamp_min(eps)
    return (v * w).sum(dim=-1) / (v_norm * w_norm)


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "4a": (
        "Similarity: both compute a linear function over a part of the input (both have trainable parameters).\n"
        "Difference: the linear layer computes a linear function over the whole input, while a 1-d convolution "
        "uses as input a window of size kernel size. A linear layer applies different trainable parameters to "
        "compute each output value, while a 1d-convolution layer applies the same trainable parameters to compute "
        "the output values of one channel."
    ),
    "4b": (
        "Instance normalization normalizes each instance separately, in that sense it is as if the batch size is "
        "fixed to 1.\n"
        "The scale and the bias parameter are directly trainable parameters in batchnorm. In instance norm they "
        "are inputs from other network modules, and thus not directly trainable."
    ),
    "13a": (
        "If v = lambda w for lambda > 0, then s(v, w) = 1.\n"
        "If v is orthogonal to w, means these vectors have a 90 degree angle, then s(v, w) = 0.\n"
        "If v = lambda w for lambda < 0, means these vectors point into opposite directions, then s(v, w) = -1."
    ),
}
