"""transposed_conv_output_shape spreads n inputs over n * stride positions instead of (n - 1) * stride + 1."""

def transposed_conv_output_shape(
    input_size: IntOrTuple,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> tuple[int, ...]:
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
