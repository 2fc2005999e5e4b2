"""Public tests of iterative_sign_attack on a linear classifier, where every step has the same gradient sign.

The model is the one of test_fgsm: the signs are (-1, +1, +1) for the first point and (+1, -1, -1)
for the second, at every iterate. Steps of 0.04 would add up to 0.12 after three steps; the box of
epsilon = 0.1 around x stops them at 0.1, and [0, 1] stops 0.97 at 1.
"""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close

X = [[0.5, 0.2, 0.97], [0.1, 0.9, 0.3]]
LABELS = [0, 1]
AFTER_TWO_STEPS = [[0.42, 0.28, 1.0], [0.18, 0.82, 0.22]]
AFTER_THREE_STEPS = [[0.4, 0.3, 1.0], [0.2, 0.8, 0.2]]


def attack_a_linear_classifier(student, x, labels, epsilon, step_size, steps):
    """In the notebook's process: the attack on a linear model in eval mode; the result and what the call left behind."""
    import torch
    from torch import nn

    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(3, 2)).eval()
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]]))
        model[1].bias.zero_()
    x = torch.tensor(x)
    x_before, state_before = x.clone(), {name: value.clone() for name, value in model.state_dict().items()}
    with torch.enable_grad():
        result = student.iterative_sign_attack(model, x, torch.tensor(labels), epsilon, step_size, steps)
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
def test_steps_add_up_until_the_epsilon_box_stops_them(submission):
    got = submission.run(attack_a_linear_classifier, X, LABELS, 0.1, 0.04, 2)["result"]
    assert_tensor_close(got, torch.tensor(AFTER_TWO_STEPS),
                        what="iterative_sign_attack(model, x, labels, epsilon=0.1, step_size=0.04, steps=2)")
    got = submission.run(attack_a_linear_classifier, X, LABELS, 0.1, 0.04, 3)["result"]
    assert_tensor_close(got, torch.tensor(AFTER_THREE_STEPS),
                        what="iterative_sign_attack(model, x, labels, epsilon=0.1, step_size=0.04, steps=3)")


@pytest.mark.points(0.5, visibility="visible")
def test_leaves_the_model_and_x_as_they_were(submission):
    report = submission.run(attack_a_linear_classifier, X, LABELS, 0.1, 0.04, 3)
    what = "iterative_sign_attack(model, x, labels, epsilon=0.1, step_size=0.04, steps=3)"
    assert_tensor_close(report["result"], torch.tensor(AFTER_THREE_STEPS), what=what)
    if report["problems"]:
        raise AssertionError(f"{what} broke the rules for attacks: " + "; ".join(report["problems"]))
