"""transposed_conv_output_shape spreads n inputs over n * stride positions instead of (n - 1) * stride + 1."""

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
        n * s - 2 * p + d * (k - 1) + op
        for n, k, s, p, op, d in zip(sizes, kernels, strides, paddings, output_paddings, dilations)
    )
