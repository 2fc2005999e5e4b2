"""Public tests of fgsm on a linear classifier, whose input gradient's sign can be worked out by hand.

For the model's weights w0 (class 0) and w1 (class 1) and softmax probabilities p, the gradient of
the cross-entropy with respect to the input is p1 * (w1 - w0) for a point of class 0 and
p0 * (w0 - w1) for a point of class 1: here the signs (-1, +1, +1) and (+1, -1, -1).
"""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close

X = [[0.5, 0.2, 0.97], [0.1, 0.9, 0.3]]
LABELS = [0, 1]
# x + 0.05 * sign(gradient), clamped to [0, 1]: 0.97 + 0.05 = 1.02 becomes 1.
EXPECTED = [[0.45, 0.25, 1.0], [0.15, 0.85, 0.25]]


def fgsm_on_a_linear_classifier(student, x, labels, epsilon):
    """In the notebook's process: fgsm on a linear model in eval mode; the result and what the call left behind."""
    import torch
    from torch import nn

    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(3, 2)).eval()
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]]))
        model[1].bias.zero_()
    x = torch.tensor(x)
    x_before, state_before = x.clone(), {name: value.clone() for name, value in model.state_dict().items()}
    with torch.enable_grad():
        result = student.fgsm(model, x, torch.tensor(labels), epsilon)
    problems = []
    if isinstance(result, torch.Tensor):
        if result.requires_grad:
            problems.append("the result still requires grad: return it detached")
        if result.untyped_storage().data_ptr() == x.untyped_storage().data_ptr():
            problems.append("the result is x or a view of x: return a new tensor")
        result = result.detach()
    if not torch.equal(x, x_before):
        problems.append("the values of x changed")
    if x.requires_grad:
        problems.append("the caller's x now requires grad: call requires_grad_ on a copy of x, not on x")
    if any(not torch.equal(value, state_before[name]) for name, value in model.state_dict().items()):
        problems.append("the model's parameters changed")
    if any(param.grad is not None for param in model.parameters()):
        problems.append("the model's parameters have a .grad: use torch.autograd.grad(loss, x_adv), not loss.backward()")
    if any(module.training for module in model.modules()):
        problems.append("the model is no longer in eval mode")
    return {"result": result, "problems": problems}


@pytest.mark.points(1, visibility="visible")
def test_one_sign_step_on_a_linear_classifier(submission):
    got = submission.run(fgsm_on_a_linear_classifier, X, LABELS, 0.05)["result"]
    assert_tensor_close(got, torch.tensor(EXPECTED), what="fgsm(model, x, labels, 0.05) on the linear classifier")


@pytest.mark.points(0.5, visibility="visible")
def test_leaves_the_model_and_x_as_they_were(submission):
    report = submission.run(fgsm_on_a_linear_classifier, X, LABELS, 0.05)
    assert_tensor_close(report["result"], torch.tensor(EXPECTED), what="fgsm(model, x, labels, 0.05) on the linear classifier")
    if report["problems"]:
        raise AssertionError("fgsm(model, x, labels, 0.05) broke the rules for attacks: " + "; ".join(report["problems"]))
