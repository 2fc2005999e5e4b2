"""Hidden tests for upsampling_block: the block doubles H and W with the layers each mode names (Exercise 9a).

The block is built and run in the notebook's process; only its outputs and a description of its
layers come back. Every structure check is paid only together with a working block: an output of
the right shape that depends on the input and passes a gradient to the block's convolution.
"""

import pytest
import torch
from autograder.compare import assert_equal

MODES = ("transposed", "upsample")


def build_and_run(student, in_channels, out_channels, mode, device, dtype, seed):
    """In the worker (or here, with the reference): build the block, run it on two inputs, list its layers."""
    import torch
    from torch import nn

    real = getattr(torch, dtype)
    torch.manual_seed(seed)
    block = student.upsampling_block(in_channels, out_channels, mode)
    if not isinstance(block, nn.Module):
        return {"module": False, "type": type(block).__name__}
    block = block.to(device=device, dtype=real).train()
    g = torch.Generator().manual_seed(seed)
    inputs = [torch.randn(2, in_channels, 5, 7, generator=g, dtype=torch.float64).to(device=device, dtype=real)
              for _ in range(2)]
    outputs = [block(x) for x in inputs]
    if isinstance(outputs[0], torch.Tensor) and outputs[0].requires_grad:
        (outputs[0] * torch.linspace(-1, 1, outputs[0].numel(), device=device, dtype=real).view_as(outputs[0])).sum().backward()
    layers = []
    for module in block.modules():
        if isinstance(module, (nn.ConvTranspose2d, nn.Conv2d)):
            grad = module.weight.grad
            layers.append({"kind": type(module).__name__, "kernel_size": list(module.kernel_size),
                           "stride": list(module.stride), "padding": list(module.padding),
                           "trained": grad is not None and bool(grad.abs().sum() > 0)})
        elif isinstance(module, nn.Upsample):
            factor = module.scale_factor
            factors = list(factor) if isinstance(factor, tuple) else [factor]
            layers.append({"kind": "Upsample", "scale_factor": None if factor is None else [float(f) for f in factors]})
    return {"module": True, "outputs": [o.detach() if isinstance(o, torch.Tensor) else o for o in outputs],
            "layers": layers}


def unknown_mode_error(student, mode):
    """In the worker: the name of the exception upsampling_block raises for an unknown mode, or None."""
    try:
        student.upsampling_block(3, 4, mode)
    except Exception as error:  # noqa: BLE001 - the student's exception is what is being checked
        return type(error).__name__
    return None


def assert_working_block(got, in_channels, out_channels, device, dtype, what):
    """The block is a module whose output doubles H and W and depends on the input."""
    assert got["module"], f"{what} must return an nn.Module, not {got.get('type')}"
    first, second = got["outputs"]
    for out in (first, second):
        assert isinstance(out, torch.Tensor), f"{what} must map a tensor to a tensor"
        assert_equal(tuple(out.shape), (2, out_channels, 10, 14),
                     what=f"the output shape of {what} for an input of shape (2, {in_channels}, 5, 7)")
        assert_equal(str(out.dtype), f"torch.{dtype}", what=f"the output dtype of {what} moved to {dtype}")
        assert_equal(out.device.type, device, what=f"the output device of {what} moved to {device}")
        assert bool(torch.isfinite(out).all()), f"the output of {what} is not finite"
    assert not torch.equal(first, second), f"the output of {what} does not depend on its input"
    convolutions = [layer for layer in got["layers"] if layer["kind"] in ("Conv2d", "ConvTranspose2d")]
    assert any(layer["trained"] for layer in convolutions), (
        f"no gradient reaches a convolution of {what}: the block must learn")


def assert_transposed_layers(layers, what):
    kinds = [layer["kind"] for layer in layers]
    assert_equal(kinds.count("ConvTranspose2d"), 1, what=f"the number of nn.ConvTranspose2d layers in {what}")
    (transposed,) = [layer for layer in layers if layer["kind"] == "ConvTranspose2d"]
    assert_equal((transposed["kernel_size"], transposed["stride"], transposed["padding"]), ([4, 4], [2, 2], [1, 1]),
                 what=f"(kernel_size, stride, padding) of the nn.ConvTranspose2d in {what}")


def assert_upsample_layers(layers, what):
    kinds = [layer["kind"] for layer in layers]
    assert_equal(kinds.count("ConvTranspose2d"), 0, what=f"the number of nn.ConvTranspose2d layers in {what}")
    upsamples = [i for i, layer in enumerate(layers) if layer["kind"] == "Upsample"]
    assert upsamples, f"{what} must contain an nn.Upsample layer"
    first = layers[upsamples[0]]
    assert first["scale_factor"] is not None and all(f == 2.0 for f in first["scale_factor"]), (
        f"the nn.Upsample in {what} must have scale_factor=2")
    assert "Conv2d" in kinds[upsamples[0] + 1:], f"in {what} a convolution must follow the nn.Upsample"


def check_mode(submission, mode, device, dtype, in_channels, out_channels, seed):
    what = f'upsampling_block({in_channels}, {out_channels}, "{mode}")'
    got = submission.run(build_and_run, in_channels, out_channels, mode, device, dtype, seed)
    assert_working_block(got, in_channels, out_channels, device, dtype, what)
    (assert_transposed_layers if mode == "transposed" else assert_upsample_layers)(got["layers"], what)


@pytest.mark.points(0.5, visibility="hidden")
def test_transposed_mode_doubles_the_size_with_one_strided_transposed_convolution(submission, device):
    for i, (in_channels, out_channels) in enumerate([(3, 5), (8, 2)]):
        check_mode(submission, "transposed", device, "float32", in_channels, out_channels, 9100 + i)


@pytest.mark.points(0.5, visibility="hidden")
def test_upsample_mode_doubles_the_size_with_upsample_then_convolution(submission, device):
    for i, (in_channels, out_channels) in enumerate([(3, 5), (8, 2)]):
        check_mode(submission, "upsample", device, "float32", in_channels, out_channels, 9200 + i)


@pytest.mark.points(0.25, visibility="hidden")
def test_both_modes_work_in_float64_with_equal_channels(submission, device):
    for i, mode in enumerate(MODES):
        check_mode(submission, mode, device, "float64", 4, 4, 9300 + i)


@pytest.mark.points(0.25, visibility="hidden")
def test_an_unknown_mode_raises_value_error(submission, device):
    # Raising pays only when the ordinary modes work.
    for i, mode in enumerate(MODES):
        check_mode(submission, mode, device, "float32", 3, 5, 9400 + i)
    for mode in ("bilinear", "deconvolution"):
        raised = submission.run(unknown_mode_error, mode)
        assert_equal(raised, "ValueError", what=f'the exception upsampling_block(3, 4, "{mode}") raises')
