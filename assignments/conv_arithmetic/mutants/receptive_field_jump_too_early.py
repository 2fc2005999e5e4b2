"""receptive_field multiplies in the current layer's stride before adding its kernel."""

from __future__ import annotations

from numbers import Integral
from typing import Sequence, Union

IntOrTuple = Union[int, Sequence[int]]


def _per_dimension(value: IntOrTuple, ndim: int, name: str) -> tuple[int, ...]:
    """Expand an int to ``ndim`` copies; check that a sequence has exactly ``ndim`` entries."""
    if isinstance(value, Integral):
        return (int(value),) * ndim
    values = tuple(int(v) for v in value)
    if len(values) != ndim:
        raise ValueError(f"{name} has {len(values)} entries but the input has {ndim} spatial dimensions")
    return values


def _spatial_sizes(input_size: IntOrTuple) -> tuple[int, ...]:
    """An int is one spatial dimension; a sequence holds 1 to 3 of them."""
    if isinstance(input_size, Integral):
        return (int(input_size),)
    sizes = tuple(int(n) for n in input_size)
    if not 1 <= len(sizes) <= 3:
        raise ValueError(f"expected 1 to 3 spatial sizes, got {len(sizes)}")
    return sizes


def conv_output_shape(
    input_size: IntOrTuple,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> tuple[int, ...]:
    """Spatial output size of a convolution, as ``torch.nn.Conv1d/2d/3d`` computes it.

    A dilated kernel of size k covers ``dilation * (k - 1) + 1`` input elements. Padding adds
    ``padding`` elements on *both* sides, and the kernel can be placed at every ``stride``-th
    position where it fits entirely, hence the floor:

        out = floor((n + 2 * padding - dilation * (k - 1) - 1) / stride) + 1

    Raises ValueError when some dimension of the output would be empty (the kernel does not fit).
    """
    sizes = _spatial_sizes(input_size)
    ndim = len(sizes)
    kernels = _per_dimension(kernel_size, ndim, "kernel_size")
    strides = _per_dimension(stride, ndim, "stride")
    paddings = _per_dimension(padding, ndim, "padding")
    dilations = _per_dimension(dilation, ndim, "dilation")

    output = []
    for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations):
        # Python's // floors towards minus infinity, so a kernel that does not fit gives <= 0.
        out = (n + 2 * p - d * (k - 1) - 1) // s + 1
        if out < 1:
            raise ValueError(
                f"the output would be empty: input size {n} with padding {p} is smaller than "
                f"the dilated kernel ({d * (k - 1) + 1} elements)"
            )
        output.append(out)
    return tuple(output)


def transposed_conv_output_shape(
    input_size: IntOrTuple,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> tuple[int, ...]:
    """Spatial output size of a transposed convolution (``torch.nn.ConvTranspose1d/2d/3d``).

    A transposed convolution is the backward pass of a convolution: it places the input
    elements ``stride`` apart, so n inputs span ``(n - 1) * stride + 1`` positions, each spreading
    a dilated kernel over ``dilation * (k - 1)`` further positions. ``padding`` is removed from
    both sides and ``output_padding`` adds elements on one side, which picks one of the input
    sizes a strided convolution maps to the same output size.

        out = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    """
    sizes = _spatial_sizes(input_size)
    ndim = len(sizes)
    kernels = _per_dimension(kernel_size, ndim, "kernel_size")
    strides = _per_dimension(stride, ndim, "stride")
    paddings = _per_dimension(padding, ndim, "padding")
    output_paddings = _per_dimension(output_padding, ndim, "output_padding")
    dilations = _per_dimension(dilation, ndim, "dilation")

    return tuple(
        (n - 1) * s - 2 * p + d * (k - 1) + op + 1
        for n, k, s, p, op, d in zip(sizes, kernels, strides, paddings, output_paddings, dilations)
    )


def receptive_field(
    kernel_sizes: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int] | None = None,
) -> list[int]:
    """Receptive field (in input elements) of one neuron after each layer of a stack of 1-D convs.

    Moving one step in layer l's input moves ``jump = s_1 * ... * s_{l-1}`` input elements, so a
    (dilated) kernel of layer l widens the receptive field of layer l-1 by
    ``dilation * (k - 1)`` such steps:

        r_0 = 1,   r_l = r_{l-1} + dilation_l * (k_l - 1) * (s_1 * ... * s_{l-1})

    The receptive field is the span from the first to the last input element that can influence
    the neuron; with kernel < stride some elements inside that span are skipped.
    """
    if dilations is None:
        dilations = [1] * len(kernel_sizes)
    if not len(kernel_sizes) == len(strides) == len(dilations):
        raise ValueError("kernel_sizes, strides and dilations must have one entry per layer")

    fields = []
    field, jump = 1, 1
    for k, s, d in zip(kernel_sizes, strides, dilations):
        jump *= s
        field += d * (k - 1) * jump
        fields.append(field)
    return fields
