"""receptive_field adds k - 1 per layer and forgets the dilation."""

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
        field += (k - 1) * jump
        jump *= s  # the stride of this layer only affects the layers after it
        fields.append(field)
    return fields
