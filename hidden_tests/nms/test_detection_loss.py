"""Hidden tests for detection_loss: value and gradient on random batches, and the edge cases."""

import pytest
import torch
from autograder.compare import assert_tensor_close

# Points are per variant: each dtype (and shape) variant scores on its own; only devices share.
DTYPES = [pytest.param(torch.float32, id="float32"), pytest.param(torch.float64, id="float64")]


def random_batch(seed: int, batch_size: int, dtype, device, labels=None):
    """Random outputs and box targets; background images get wild box targets that must not matter."""
    g = torch.Generator().manual_seed(seed)
    outputs = torch.randn(batch_size, 8, generator=g, dtype=torch.float64) * 2
    if labels is None:
        labels = torch.randint(0, 4, (batch_size,), generator=g)
    boxes = torch.rand(batch_size, 4, generator=g, dtype=torch.float64) * 4 - 2
    boxes[labels == 0] = 1000.0
    return outputs.to(dtype=dtype, device=device), labels.to(device), boxes.to(dtype=dtype, device=device)


def loss_and_gradient(student, outputs, labels, boxes):
    """Runs in the worker (or here, with the reference): the loss and its gradient w.r.t. outputs."""
    import torch

    outputs = outputs.detach().clone().requires_grad_(True)
    loss = student.detection_loss(outputs, labels, boxes)
    if not isinstance(loss, torch.Tensor) or not loss.requires_grad or loss.dim() != 0:
        return loss, None
    loss.backward()
    return loss.detach(), outputs.grad


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_loss_of_a_random_batch(submission, reference, device, dtype):
    outputs, labels, boxes = random_batch(4101, 12, dtype, device)
    expected = reference.detection_loss(outputs, labels, boxes)
    got = submission.detection_loss(outputs, labels, boxes)
    assert_tensor_close(got, expected, what="detection_loss on a random batch of 12 images")


@pytest.mark.points(0.5, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_gradient_reaches_the_class_logits_and_the_object_boxes(submission, reference, device, dtype):
    outputs, labels, boxes = random_batch(4201, 10, dtype, device)
    _, gradient = submission.run(loss_and_gradient, outputs, labels, boxes)
    _, expected = loss_and_gradient(reference, outputs, labels, boxes)
    assert gradient is not None, (
        "detection_loss returned something autograd cannot differentiate to a 0-dim loss "
        "(a Python number, a detached tensor, or a tensor with more than one element?)"
    )
    assert_tensor_close(gradient, expected, what="the gradient of detection_loss w.r.t. outputs")


@pytest.mark.points(0.25, visibility="hidden")
@pytest.mark.parametrize("dtype", DTYPES)
def test_a_batch_without_objects_has_a_finite_loss(submission, reference, device, dtype):
    outputs, labels, boxes = random_batch(4301, 6, dtype, device, labels=torch.zeros(6, dtype=torch.int64))
    expected = reference.detection_loss(outputs, labels, boxes)
    got = submission.detection_loss(outputs, labels, boxes)
    assert_tensor_close(got, expected, what="detection_loss on a batch of background images only")


@pytest.mark.points(0.5, visibility="hidden")
def test_box_targets_of_background_images_are_ignored(submission, reference, device):
    labels = torch.tensor([0, 2, 0, 1, 3, 0])
    outputs, labels, boxes = random_batch(4401, 6, torch.float64, device, labels=labels)
    expected = reference.detection_loss(outputs, labels, boxes)
    got = submission.detection_loss(outputs, labels, boxes)
    assert_tensor_close(got, expected, what="detection_loss with three background images")
