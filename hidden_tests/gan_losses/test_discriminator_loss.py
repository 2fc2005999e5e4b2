"""Hidden tests for discriminator_loss: value, gradients for both inputs, huge logits."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]
SHAPES = [pytest.param((32, 1), id="batch_by_1"), pytest.param((3, 5, 2), id="3d")]
EXTREME_LOGITS = [-100.0, -30.0, -1.0, 0.0, 1.0, 30.0, 100.0]


def random_logits(seed: int, shape, dtype, device) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(shape, generator=g, dtype=torch.float64) * 3).to(dtype=dtype, device=device)


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


NOT_DIFFERENTIABLE = (
    "discriminator_loss must return a 0-dim tensor that autograd can differentiate; got something else "
    "(a Python number, a detached tensor, or a tensor with more than one element?)"
)


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_of_random_logits(submission, reference, device, dtype, shape):
    d_real_logits = random_logits(6101, shape, dtype, device) + 1
    d_fake_logits = random_logits(6102, shape, dtype, device) - 1
    expected = reference.discriminator_loss(d_real_logits, d_fake_logits)
    got = submission.discriminator_loss(d_real_logits, d_fake_logits)
    assert_tensor_close(got, expected, what=f"discriminator_loss of random logits of shape {shape}")


@pytest.mark.points(1, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradients_reach_both_the_real_and_the_fake_logits(submission, reference, device, dtype):
    d_real_logits = random_logits(6201, (16, 1), dtype, device)
    d_fake_logits = random_logits(6202, (16, 1), dtype, device)
    _, gradients = submission.run(loss_and_gradients, "discriminator_loss", d_real_logits, d_fake_logits)
    _, expected = loss_and_gradients(reference, "discriminator_loss", d_real_logits, d_fake_logits)
    assert gradients is not None, NOT_DIFFERENTIABLE
    assert_gradient_close(gradients[0], expected[0], loss="discriminator_loss", wrt="d_real_logits")
    assert_gradient_close(gradients[1], expected[1], loss="discriminator_loss", wrt="d_fake_logits")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_huge_logits_give_finite_values_and_gradients(submission, reference, device, dtype):
    d_real_logits = torch.tensor(EXTREME_LOGITS, dtype=dtype, device=device)
    d_fake_logits = d_real_logits.flip(0)
    value, gradients = submission.run(loss_and_gradients, "discriminator_loss", d_real_logits, d_fake_logits)
    expected_value, expected = loss_and_gradients(reference, "discriminator_loss", d_real_logits, d_fake_logits)
    assert_tensor_close(value, expected_value, what="discriminator_loss of logits between -100 and 100")
    assert gradients is not None, NOT_DIFFERENTIABLE
    assert_gradient_close(gradients[0], expected[0], loss="discriminator_loss", wrt="d_real_logits of +-100")
    assert_gradient_close(gradients[1], expected[1], loss="discriminator_loss", wrt="d_fake_logits of +-100")


@pytest.mark.points(0.5, visibility="hidden")
def test_real_and_fake_batches_may_differ_in_size(submission, reference, device):
    d_real_logits = random_logits(6301, (12, 1), torch.float64, device)
    d_fake_logits = random_logits(6302, (4, 1), torch.float64, device)
    expected = reference.discriminator_loss(d_real_logits, d_fake_logits)
    got = submission.discriminator_loss(d_real_logits, d_fake_logits)
    assert_tensor_close(got, expected, what="discriminator_loss of 12 real and 4 fake logits")
