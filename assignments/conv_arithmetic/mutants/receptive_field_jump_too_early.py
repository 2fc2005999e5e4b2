"""receptive_field multiplies in the current layer's stride before adding its kernel."""

from typing import Sequence, Union


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
