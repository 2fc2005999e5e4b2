"""conv_output_shape adds the padding once instead of on both sides."""

def conv_output_shape(
    input_size: IntOrTuple,
    kernel_size: IntOrTuple,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
) -> tuple[int, ...]:
    sizes = _spatial_sizes(input_size)
    ndim = len(sizes)
    kernels = _per_dimension(kernel_size, ndim, "kernel_size")
    strides = _per_dimension(stride, ndim, "stride")
    paddings = _per_dimension(padding, ndim, "padding")
    dilations = _per_dimension(dilation, ndim, "dilation")

    output = []
    for n, k, s, p, d in zip(sizes, kernels, strides, paddings, dilations):
        # Python's // floors towards minus infinity, so a kernel that does not fit gives <= 0.
        out = (n + p - d * (k - 1) - 1) // s + 1
        if out < 1:
            raise ValueError(
                f"the output would be empty: input size {n} with padding {p} is smaller than "
                f"the dilated kernel ({d * (k - 1) + 1} elements)"
            )
        output.append(out)
    return tuple(output)
