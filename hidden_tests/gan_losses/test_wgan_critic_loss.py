"""Hidden tests for wgan_critic_loss: value and gradients on random critic scores."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
SHAPES = [pytest.param((32, 1), id="batch_by_1"), pytest.param((3, 5, 2), id="3d")]


def random_scores(seed: int, shape, dtype, device) -> torch.Tensor:
    """Critic outputs are unbounded, so these range far beyond [0, 1]."""
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=g, dtype=torch.float64) * 10).to(dtype=dtype, device=device)


def loss_and_gradients(student, loss_name, *logits):
    """Runs in the worker (or here, with the reference): the loss and its gradient w.r.t. each input."""
    import torch

    leaves = [t.detach().clone().requires_grad_(True) for t in logits]
    loss = getattr(student, loss_name)(*leaves)
    if not isinstance(loss, torch.Tensor) or not loss.requires_grad or loss.dim() != 0:
        return loss, None
    loss.backward()
    return loss.detach(), [leaf.grad for leaf in leaves]


def assert_gradient_close(got, expected, *, loss: str, wrt: str) -> None:
    """Compare one input's gradient, first saying plainly when none reached that input."""
    assert got is not None, (
        f"no gradient of {loss} reaches {wrt}: is it cut off on the way "
        "(.detach(), .item(), torch.no_grad(), a detour through NumPy)?"
    )
    assert_tensor_close(got, expected, what=f"the gradient of {loss} w.r.t. {wrt}")


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_of_random_critic_scores(submission, reference, device, dtype, shape):
    critic_real = random_scores(7101, shape, dtype, device) + 2
    critic_fake = random_scores(7102, shape, dtype, device) - 2
    expected = reference.wgan_critic_loss(critic_real, critic_fake)
    got = submission.wgan_critic_loss(critic_real, critic_fake)
    assert_tensor_close(got, expected, what=f"wgan_critic_loss of random scores of shape {shape}")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradients_lower_the_fake_and_raise_the_real_scores(submission, reference, device, dtype):
    critic_real = random_scores(7201, (8, 1), dtype, device)
    critic_fake = random_scores(7202, (8, 1), dtype, device)
    _, gradients = submission.run(loss_and_gradients, "wgan_critic_loss", critic_real, critic_fake)
    _, expected = loss_and_gradients(reference, "wgan_critic_loss", critic_real, critic_fake)
    assert gradients is not None, (
        "wgan_critic_loss must return a 0-dim tensor that autograd can differentiate; got something else"
    )
    assert_gradient_close(gradients[0], expected[0], loss="wgan_critic_loss", wrt="critic_real")
    assert_gradient_close(gradients[1], expected[1], loss="wgan_critic_loss", wrt="critic_fake")
