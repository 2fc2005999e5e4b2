"""receptive_field scales by the previous layer's stride instead of the product of all earlier strides."""

from typing import Sequence, Union


def receptive_field(
    kernel_sizes: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int] | None = None,
) -> list[int]:
    if dilations is None:
        dilations = [1] * len(kernel_sizes)
    if not len(kernel_sizes) == len(strides) == len(dilations):
        raise ValueError("kernel_sizes, strides and dilations must have one entry per layer")

    fields = []
    field, jump = 1, 1
    for k, s, d in zip(kernel_sizes, strides, dilations):
        field += d * (k - 1) * jump
        jump = s  # the stride of the layer below
        fields.append(field)
    return fields
