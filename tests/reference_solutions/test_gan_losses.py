"""The GAN-loss reference follows Exercise 9's formulas, in value and gradient, even for huge logits."""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F


def log_sigmoid(x: float) -> float:
    """log(1 / (1 + e^-x)) in plain floats, written so neither branch overflows."""
    return -math.log1p(math.exp(-x)) if x >= 0 else x - math.log1p(math.exp(x))


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def random_logits(seed: int, shape: tuple[int, ...], scale: float = 3.0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.randn(*shape, generator=g, dtype=torch.float64) * scale


SHAPES = [(1,), (16,), (8, 1), (2, 3, 4)]


@pytest.mark.parametrize("shape", SHAPES)
def test_generator_loss_is_minus_mean_log_d(ref, shape):
    fake = random_logits(1, shape)
    expected = -mean([log_sigmoid(v) for v in fake.flatten().tolist()])
    loss = ref.generator_loss(fake)
    assert loss.shape == () and loss.dtype == torch.float64
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    bce = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))
    assert loss.item() == pytest.approx(bce.item(), rel=1e-12)


@pytest.mark.parametrize("shape", SHAPES)
def test_discriminator_loss_is_bce_on_real_plus_bce_on_fake(ref, shape):
    real, fake = random_logits(2, shape), random_logits(3, shape)
    expected = -mean([log_sigmoid(v) for v in real.flatten().tolist()]) - mean(
        [log_sigmoid(-v) for v in fake.flatten().tolist()]
    )
    loss = ref.discriminator_loss(real, fake)
    assert loss.shape == ()
    assert loss.item() == pytest.approx(expected, rel=1e-12)
    bce = F.binary_cross_entropy_with_logits(real, torch.ones_like(real)) + F.binary_cross_entropy_with_logits(
        fake, torch.zeros_like(fake)
    )
    assert loss.item() == pytest.approx(bce.item(), rel=1e-12)


def test_discriminator_loss_accepts_batches_of_different_sizes(ref):
    real, fake = torch.tensor([0.0, 0.0]), torch.tensor([0.0])
    assert ref.discriminator_loss(real, fake).item() == pytest.approx(2 * math.log(2), rel=1e-6)


@pytest.mark.parametrize("shape", SHAPES)
def test_wgan_losses_are_differences_of_means(ref, shape):
    real, fake = random_logits(4, shape, 10.0), random_logits(5, shape, 10.0)
    critic = ref.wgan_critic_loss(real, fake)
    generator = ref.wgan_generator_loss(fake)
    assert critic.shape == () and generator.shape == ()
    assert critic.item() == pytest.approx(mean(fake.flatten().tolist()) - mean(real.flatten().tolist()), rel=1e-12)
    assert generator.item() == pytest.approx(-mean(fake.flatten().tolist()), rel=1e-12)


def test_generator_loss_gradient_is_minus_one_minus_d_over_n(ref):
    fake = random_logits(6, (10,)).requires_grad_()
    ref.generator_loss(fake).backward()
    expected = -(1 - torch.sigmoid(fake.detach())) / fake.numel()
    torch.testing.assert_close(fake.grad, expected, rtol=1e-12, atol=1e-15)


def test_discriminator_loss_gradients(ref):
    real = random_logits(7, (6,)).requires_grad_()
    fake = random_logits(8, (4,)).requires_grad_()
    ref.discriminator_loss(real, fake).backward()
    torch.testing.assert_close(real.grad, -(1 - torch.sigmoid(real.detach())) / 6, rtol=1e-12, atol=1e-15)
    torch.testing.assert_close(fake.grad, torch.sigmoid(fake.detach()) / 4, rtol=1e-12, atol=1e-15)


def test_wgan_gradients_are_constant(ref):
    real = random_logits(9, (5,)).requires_grad_()
    fake = random_logits(10, (5,)).requires_grad_()
    ref.wgan_critic_loss(real, fake).backward()
    assert torch.equal(real.grad, torch.full((5,), -0.2, dtype=torch.float64))
    assert torch.equal(fake.grad, torch.full((5,), 0.2, dtype=torch.float64))
    fake.grad = None
    ref.wgan_generator_loss(fake).backward()
    assert torch.equal(fake.grad, torch.full((5,), -0.2, dtype=torch.float64))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_losses_stay_finite_for_logits_of_plus_minus_100(ref, dtype):
    extreme = torch.tensor([-100.0, 100.0], dtype=dtype, requires_grad=True)
    for loss in (ref.generator_loss(extreme), ref.discriminator_loss(extreme, extreme)):
        extreme.grad = None
        loss.backward()
        assert torch.isfinite(loss) and torch.isfinite(extreme.grad).all()
    # -log D for D = sigmoid(-100) is 100, for sigmoid(100) about 0.
    assert ref.generator_loss(extreme).item() == pytest.approx(50.0, rel=1e-6)
    assert ref.discriminator_loss(extreme, extreme).item() == pytest.approx(100.0, rel=1e-6)


def test_losses_keep_the_dtype_of_their_input(ref):
    logits = torch.zeros(3, dtype=torch.float32)
    for loss in (
        ref.generator_loss(logits),
        ref.discriminator_loss(logits, logits),
        ref.wgan_critic_loss(logits, logits),
        ref.wgan_generator_loss(logits),
    ):
        assert isinstance(loss, torch.Tensor) and loss.dtype == torch.float32 and loss.shape == ()


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_losses_on_cuda_match_the_cpu(ref):
    real, fake = random_logits(11, (6, 1)), random_logits(12, (6, 1))
    expected = ref.discriminator_loss(real, fake)
    got = ref.discriminator_loss(real.cuda(), fake.cuda())
    assert got.device.type == "cuda"
    torch.testing.assert_close(got.cpu(), expected)


@pytest.mark.parametrize("mode", ["transposed", "upsample"])
@pytest.mark.parametrize("size", [(1, 1), (5, 7), (16, 16)])
def test_upsampling_block_doubles_height_and_width(ref, mode, size):
    block = ref.upsampling_block(3, 6, mode).double()
    out = block(torch.randn(2, 3, *size, dtype=torch.float64))
    assert out.shape == (2, 6, 2 * size[0], 2 * size[1]) and out.dtype == torch.float64


def test_upsampling_block_uses_the_layers_each_mode_names(ref):
    transposed = [m for m in ref.upsampling_block(4, 2, "transposed").modules() if isinstance(m, torch.nn.ConvTranspose2d)]
    assert [(m.kernel_size, m.stride, m.padding) for m in transposed] == [((4, 4), (2, 2), (1, 1))]
    layers = list(ref.upsampling_block(4, 2, "upsample").children())
    assert isinstance(layers[0], torch.nn.Upsample) and layers[0].scale_factor == 2
    assert isinstance(layers[1], torch.nn.Conv2d)
    assert not any(isinstance(m, torch.nn.ConvTranspose2d) for m in layers)


@pytest.mark.parametrize("mode", ["bilinear", "", "Transposed"])
def test_upsampling_block_rejects_an_unknown_mode(ref, mode):
    with pytest.raises(ValueError, match="transposed"):
        ref.upsampling_block(4, 2, mode)
