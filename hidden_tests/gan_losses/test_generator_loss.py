"""Hidden tests for generator_loss: value and gradient on random logits, and huge logits."""

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
    "generator_loss must return a 0-dim tensor that autograd can differentiate; got something else "
    "(a Python number, a detached tensor, or a tensor with more than one element?)"
)


@pytest.mark.points(0.375, visibility="hidden")
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_of_random_logits(submission, reference, device, dtype, shape):
    d_fake_logits = random_logits(5101, shape, dtype, device)
    expected = reference.generator_loss(d_fake_logits)
    got = submission.generator_loss(d_fake_logits)
    assert_tensor_close(got, expected, what=f"generator_loss of random logits of shape {shape}")


@pytest.mark.points(1, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_pushes_the_fakes_towards_real(submission, reference, device, dtype):
    d_fake_logits = random_logits(5201, (16, 1), dtype, device)
    _, gradients = submission.run(loss_and_gradients, "generator_loss", d_fake_logits)
    _, expected = loss_and_gradients(reference, "generator_loss", d_fake_logits)
    assert gradients is not None, NOT_DIFFERENTIABLE
    assert_gradient_close(gradients[0], expected[0], loss="generator_loss", wrt="d_fake_logits")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_huge_logits_give_finite_values_and_gradients(submission, reference, device, dtype):
    d_fake_logits = torch.tensor(EXTREME_LOGITS, dtype=dtype, device=device)
    value, gradients = submission.run(loss_and_gradients, "generator_loss", d_fake_logits)
    expected_value, expected_gradients = loss_and_gradients(reference, "generator_loss", d_fake_logits)
    assert_tensor_close(value, expected_value, what="generator_loss of logits between -100 and 100")
    assert gradients is not None, NOT_DIFFERENTIABLE
    assert_gradient_close(gradients[0], expected_gradients[0], loss="generator_loss", wrt="d_fake_logits of +-100")
