"""The residual reference does what Exercise 1 says, and the notebook gives students the same blocks."""

from __future__ import annotations


import pytest
import torch
import torch.nn.functional as F
from torch import nn

CONFIGS = [(4, 4, 1), (4, 4, 2), (4, 6, 1), (3, 6, 2)]


def silence(module: nn.Module) -> None:
    """Set every parameter of ``module`` to zero, so a conv block outputs exactly 0."""
    with torch.no_grad():
        for param in module.parameters():
            param.zero_()


# ------------------------------------------------------------------------------------------ SubNet


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("shape", [(1, 8, 5, 5), (3, 8, 7, 9)])
def test_subnet_keeps_shape_and_dtype(ref, shape, dtype):
    torch.manual_seed(0)
    net = ref.SubNet().to(dtype)
    out = net(torch.randn(shape, dtype=dtype))
    assert out.shape == shape and out.dtype == dtype


@pytest.mark.parametrize("train", [True, False])
def test_subnet_adds_strangeblock1_input_to_convblock9_output(ref, train):
    torch.manual_seed(1)
    net = ref.SubNet().train(train)
    x = torch.randn(2, 8, 6, 6)
    before_strange = net.convblock3(net.convblock17(x))
    middle = net.convblock9(net.convblock11(net.strangeblock1(before_strange)))
    expected = net.convblock81(net.strangeblock2(middle + before_strange))
    # In train mode batch norm uses the batch's statistics, so running the blocks twice is harmless.
    torch.testing.assert_close(net(x), expected, rtol=0, atol=0)


def test_silent_middle_leaves_only_the_skip(ref):
    torch.manual_seed(2)
    net = ref.SubNet().eval()
    silence(net.convblock9)
    x = torch.randn(2, 8, 6, 6)
    outside = net.convblock81(net.strangeblock2(net.convblock3(net.convblock17(x))))
    torch.testing.assert_close(net(x), outside, rtol=0, atol=0)


def test_skip_carries_the_gradient_past_a_closed_gate(ref):
    torch.manual_seed(3)
    net = ref.SubNet().eval()
    with torch.no_grad():
        net.strangeblock1.gate.bias.fill_(-30.0)  # sigmoid(-30) ~ 1e-13: nothing gets through the block
    x = torch.randn(2, 8, 6, 6, requires_grad=True)
    net(x).sum().backward()
    assert x.grad.abs().max() > 1e-3


def test_subnet_forward_keeps_its_input_and_backpropagates(ref):
    torch.manual_seed(4)
    net = ref.SubNet()
    x = torch.randn(2, 8, 6, 6, requires_grad=True)
    kept = x.detach().clone()
    net(x).square().mean().backward()
    assert torch.equal(x.detach(), kept)


# ----------------------------------------------------------------------------------- ResidualBlock


@pytest.mark.parametrize("config", CONFIGS)
def test_block_output_shape(ref, config):
    in_channels, out_channels, stride = config
    block = ref.ResidualBlock(*config)
    out = block(torch.randn(2, in_channels, 9, 8))
    assert out.shape == (2, out_channels, (9 - 1) // stride + 1, (8 - 1) // stride + 1)


@pytest.mark.parametrize("config", CONFIGS)
def test_block_has_resnet_layers(ref, config):
    in_channels, out_channels, stride = config
    block = ref.ResidualBlock(*config)
    assert block.conv1.stride == (stride, stride) and block.conv2.stride == (1, 1)
    assert block.conv1.bias is None and block.conv2.bias is None
    if stride == 1 and in_channels == out_channels:
        assert isinstance(block.shortcut, nn.Identity)
    else:
        conv, bn = block.shortcut
        assert conv.kernel_size == (1, 1) and conv.stride == (stride, stride) and conv.bias is None
        assert isinstance(bn, nn.BatchNorm2d) and bn.num_features == out_channels


def batch_norm(x: torch.Tensor, bn: nn.BatchNorm2d) -> torch.Tensor:
    """Eval-mode batch norm written out: (x - mean) / sqrt(var + eps) * weight + bias, per channel."""
    shape = (1, -1, 1, 1)
    scale = (bn.running_var + bn.eps).rsqrt() * bn.weight
    return (x - bn.running_mean.view(shape)) * scale.view(shape) + bn.bias.view(shape)


@pytest.mark.parametrize("config", CONFIGS)
def test_block_matches_the_basic_block_formula_in_eval_mode(ref, config):
    torch.manual_seed(5)
    block = ref.ResidualBlock(*config).eval()
    with torch.no_grad():
        for module in block.modules():
            if isinstance(module, nn.BatchNorm2d):
                module.weight.uniform_(0.5, 1.5)
                module.bias.normal_()
                module.running_mean.normal_()
                module.running_var.uniform_(0.5, 1.5)
    x = torch.randn(2, config[0], 8, 8)
    stride = config[2]
    main = F.relu(batch_norm(F.conv2d(x, block.conv1.weight, stride=stride, padding=1), block.bn1))
    main = batch_norm(F.conv2d(main, block.conv2.weight, padding=1), block.bn2)
    if isinstance(block.shortcut, nn.Identity):
        skip = x
    else:
        skip = batch_norm(F.conv2d(x, block.shortcut[0].weight, stride=stride), block.shortcut[1])
    with torch.no_grad():
        torch.testing.assert_close(block(x), F.relu(main + skip))


def test_identity_block_with_silent_main_path_is_relu(ref):
    block = ref.ResidualBlock(4, 4).eval()
    with torch.no_grad():
        block.bn2.weight.zero_()
        block.bn2.bias.zero_()
    x = torch.randn(2, 4, 5, 5, requires_grad=True)
    out = block(x)
    torch.testing.assert_close(out, x.relu(), rtol=0, atol=0)
    out.sum().backward()
    torch.testing.assert_close(x.grad, (x > 0).float())


@pytest.mark.parametrize("config", CONFIGS)
def test_block_leaves_its_input_unchanged(ref, config):
    block = ref.ResidualBlock(*config)
    x = torch.randn(2, config[0], 6, 6)
    kept = x.clone()
    block(x)
    assert torch.equal(x, kept)


# ----------------------------------------------------------------------------------- the notebook


def test_notebook_gives_the_reference_subnet_blocks(ref, stub_notebook_namespace):
    given = stub_notebook_namespace()
    torch.manual_seed(6)
    reference_net = ref.SubNet()
    torch.manual_seed(6)
    student_net = given["SubNet"]()
    assert list(dict(student_net.named_children())) == list(dict(reference_net.named_children()))
    student_state, reference_state = student_net.state_dict(), reference_net.state_dict()
    assert list(student_state) == list(reference_state)
    for name, value in reference_state.items():
        assert torch.equal(student_state[name], value), name
    x = torch.randn(2, 8, 5, 5)
    for name, block in reference_net.named_children():
        torch.testing.assert_close(getattr(student_net, name)(x), block(x), rtol=0, atol=0)


def test_untouched_notebook_stubs_raise_not_implemented(stub_notebook_namespace):
    given = stub_notebook_namespace()
    with pytest.raises(NotImplementedError):
        given["SubNet"]()(torch.randn(1, 8, 4, 4))
    with pytest.raises(NotImplementedError):
        given["ResidualBlock"](4, 4)
