"""Reference solution: GAN and WGAN losses (IN5400/IN9400 exam, June 2021, Exercise 9).

Every loss takes raw discriminator or critic outputs (logits, any shape) and returns a 0-dim
tensor; ``upsampling_block`` builds a generator block that doubles the feature map (9a). The
discriminator is D(x) = sigmoid(logit); its logarithms are computed with ``F.logsigmoid``, which
stays finite and has finite gradients for logits of any size, where ``torch.log(torch.sigmoid(x))``
gives -inf (or an infinite gradient) once sigmoid rounds to 0 or 1.
"""

from __future__ import annotations

import torch.nn.functional as F
from torch import Tensor, nn


def generator_loss(d_fake_logits: Tensor) -> Tensor:
    """The non-saturating generator loss, -mean(log D(G(z))).

    The original minimax loss mean(log(1 - D(G(z)))) has almost no gradient early in training,
    when D confidently rejects the fakes; maximising log D(G(z)) instead gives a strong gradient
    exactly then.
    """
    return -F.logsigmoid(d_fake_logits).mean()


def discriminator_loss(d_real_logits: Tensor, d_fake_logits: Tensor) -> Tensor:
    """The discriminator's loss, -mean(log D(x)) - mean(log(1 - D(G(z)))).

    That is binary cross-entropy with label 1 for real and 0 for fake samples. Uses
    log(1 - sigmoid(t)) = logsigmoid(-t).
    """
    real_term = F.logsigmoid(d_real_logits).mean()
    fake_term = F.logsigmoid(-d_fake_logits).mean()
    return -real_term - fake_term


def wgan_critic_loss(critic_real: Tensor, critic_fake: Tensor) -> Tensor:
    """The WGAN critic's loss, mean(critic(G(z))) - mean(critic(x)).

    The critic maximises the estimate mean(critic(x)) - mean(critic(G(z))) of the Wasserstein
    distance; minimising its negative does that. Its outputs are raw scores, not probabilities.
    """
    return critic_fake.mean() - critic_real.mean()


def wgan_generator_loss(critic_fake: Tensor) -> Tensor:
    """The WGAN generator's loss, -mean(critic(G(z))): make the critic score the fakes high."""
    return -critic_fake.mean()


def upsampling_block(in_channels: int, out_channels: int, mode: str) -> nn.Module:
    """A generator block that doubles H and W, built the two ways Exercise 9a names.

    ``"transposed"``: a fractionally strided (transposed) convolution; with kernel 4, stride 2 and
    padding 1 its output is (H - 1) * 2 - 2 + 4 = 2H, exactly double. ``"upsample"``: nearest
    upsampling by 2, then a 3x3 convolution with padding 1, which keeps the doubled size and
    learns what the upsampling cannot. Both end with batch norm and ReLU, as in DCGAN's generator.
    """
    if mode == "transposed":
        layers = [nn.ConvTranspose2d(in_channels, out_channels, kernel_size=4, stride=2, padding=1)]
    elif mode == "upsample":
        layers = [nn.Upsample(scale_factor=2), nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)]
    else:
        raise ValueError(f"mode must be 'transposed' or 'upsample', not {mode!r}")
    return nn.Sequential(*layers, nn.BatchNorm2d(out_channels), nn.ReLU())


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "9a": (
        "fractionally strided convolution (deconvolution) with a fractional stride larger than 1\n"
        "upsampling layers such as bilinear upsampling and an increased output size."
    ),
    "9b": (
        "a discriminator could be used to learn to discriminate between samples from the dataset and samples which "
        "are the output of a generatore\n"
        "a discriminator could be used to learn the Lipschitz-1 function which is used to compute the wasserstein "
        "distance between the distribution of the real data and the distribution of the generated data."
    ),
    "9c": (
        "L_G = −(1/n) Σ_{i=1}^{n} log(D(G(x_i))), x_i ∼ P\n"
        "for a discriminator which classifies real versus fake and for which D(x) = 1 has the meaning of a sample "
        "being perceived as real.\n"
        "If L_G = 0, then it implies that D(G(x_i)) = 1 ∀x_i and thus every generated samples appears to be "
        "indistinguishable from a real sample"
    ),
}
