"""The adversarial reference: the attacks against hand-derived gradients, the rules they keep, and Exercise 6b's claim."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

DTYPES = [torch.float32, torch.float64]


def linear_classifier(weight: list[list[float]], dtype=torch.float32) -> nn.Module:
    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(len(weight[0]), len(weight))).to(dtype).eval()
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor(weight))
        model[1].bias.zero_()
    return model


def cross_entropy_input_gradient(weight: torch.Tensor, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """For logits x @ W.T the mean cross-entropy has the input gradient (softmax - one_hot) @ W / N."""
    probabilities = torch.softmax(x @ weight.T, dim=1)
    return (probabilities - F.one_hot(labels, weight.shape[0]).to(x.dtype)) @ weight / len(x)


def seeded_classifier(ref, seed: int, dtype=torch.float64) -> nn.Module:
    torch.manual_seed(seed)
    model = ref.SmallClassifier(in_features=4, hidden=8, num_classes=3)
    with torch.no_grad():
        model.norm.running_mean.normal_()
        model.norm.running_var.uniform_(0.5, 1.5)
    return model.to(dtype).eval()


def seeded_regressor(ref, seed: int, dtype=torch.float64, out_scale: float = 1.0) -> nn.Module:
    torch.manual_seed(seed)
    model = ref.TanhRegressor(in_features=3, hidden=8, out_features=2)
    with torch.no_grad():
        model.out.weight.mul_(out_scale)
    return model.to(dtype).eval()


# ------------------------------------------------------------------------------------------- fgsm


@pytest.mark.parametrize("dtype", DTYPES)
def test_fgsm_steps_along_the_sign_of_the_hand_derived_gradient(ref, dtype):
    weight = torch.tensor([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5], [0.3, 0.2, -0.7]], dtype=dtype)
    g = torch.Generator().manual_seed(1)
    x = torch.rand(16, 3, generator=g, dtype=dtype)
    labels = torch.randint(0, 3, (16,), generator=g)
    expected = (x + 0.07 * cross_entropy_input_gradient(weight, x, labels).sign()).clamp(0, 1)
    got = ref.fgsm(linear_classifier(weight.tolist(), dtype), x, labels, 0.07)
    assert got.dtype == dtype
    torch.testing.assert_close(got, expected)


def test_fgsm_gives_the_public_tests_numbers(ref):
    model = linear_classifier([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]])
    got = ref.fgsm(model, torch.tensor([[0.5, 0.2, 0.97], [0.1, 0.9, 0.3]]), torch.tensor([0, 1]), 0.05)
    torch.testing.assert_close(got, torch.tensor([[0.45, 0.25, 1.0], [0.15, 0.85, 0.25]]))


def test_fgsm_uses_the_loss_it_is_given(ref):
    model = seeded_classifier(ref, 3)
    x = torch.rand(10, 4, dtype=torch.float64)
    labels = torch.randint(0, 3, (10,))
    untargeted = ref.fgsm(model, x, labels, 0.1)
    targeted = ref.fgsm(model, x, labels, 0.1, loss_fn=lambda output, t: -F.cross_entropy(output, t))
    inside = (untargeted > 0) & (untargeted < 1) & (targeted > 0) & (targeted < 1)
    torch.testing.assert_close((targeted - x)[inside], -(untargeted - x)[inside])


def test_fgsm_with_epsilon_zero_returns_a_copy(ref):
    x = torch.rand(5, 4, dtype=torch.float64)
    got = ref.fgsm(seeded_classifier(ref, 4), x, torch.zeros(5, dtype=torch.long), 0.0)
    assert torch.equal(got, x) and got.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()


# ---------------------------------------------------------------------------- iterative_sign_attack


def test_one_step_of_size_epsilon_is_fgsm(ref):
    model = seeded_classifier(ref, 5)
    x = torch.rand(12, 4, dtype=torch.float64)
    labels = torch.randint(0, 3, (12,))
    torch.testing.assert_close(ref.iterative_sign_attack(model, x, labels, 0.1, 0.1, 1), ref.fgsm(model, x, labels, 0.1))


def test_on_a_linear_classifier_the_steps_add_up_to_epsilon(ref):
    # A two-class linear model's gradient sign never changes along the way: min(steps * step, epsilon) in its direction.
    model = linear_classifier([[1.0, -2.0, 0.5], [-1.0, 1.0, 1.5]])
    x = torch.tensor([[0.5, 0.2, 0.97], [0.1, 0.9, 0.3]])
    direction = torch.tensor([[-1.0, 1.0, 1.0], [1.0, -1.0, -1.0]])
    for steps in range(5):
        got = ref.iterative_sign_attack(model, x, torch.tensor([0, 1]), 0.1, 0.04, steps)
        torch.testing.assert_close(got, (x + min(0.04 * steps, 0.1) * direction).clamp(0, 1))


@pytest.mark.parametrize("dtype", DTYPES)
def test_iterates_stay_within_epsilon_of_x_and_in_the_unit_box(ref, dtype):
    model = seeded_classifier(ref, 6, dtype)
    x = torch.rand(20, 4, dtype=dtype)
    got = ref.iterative_sign_attack(model, x, torch.randint(0, 3, (20,)), 0.05, 0.08, 6)
    assert got.dtype == dtype
    assert (got - x).abs().max() <= 0.05 + 1e-6 and got.min() >= 0 and got.max() <= 1


def test_iterative_attack_beats_fgsm_on_the_notebooks_classifier(ref, stub_notebook_namespace):
    notebook = stub_notebook_namespace()
    classifier, points, labels = notebook["classifier"], notebook["points"], notebook["labels"]

    def accuracy(inputs):
        with torch.no_grad():
            return (classifier(inputs).argmax(dim=1) == labels).float().mean().item()

    clean = accuracy(points)
    one_step = accuracy(ref.fgsm(classifier, points, labels, 0.1))
    iterated = accuracy(ref.iterative_sign_attack(classifier, points, labels, 0.1, 0.025, 10))
    assert clean > 0.85 and iterated <= one_step < clean - 0.15


# -------------------------------------------------------------------------------- regression_attack


def test_regression_steps_follow_the_hand_derived_gradients(ref):
    # z = x @ w + b: d/dx (tanh z - t)^2 = 2 (tanh z - t)(1 - tanh^2 z) w and d/dx (z - atanh t)^2 = 2 (z - atanh t) w.
    model = nn.Linear(3, 1).double().eval()
    w = model.weight.detach()[0]
    b = model.bias.detach()
    x = torch.randn(6, 3, dtype=torch.float64)
    target = torch.rand(6, 1, dtype=torch.float64) * 1.8 - 0.9
    for on_pre_tanh in (False, True):
        expected = x.clone()
        for _ in range(4):
            z = expected @ w[:, None] + b
            if on_pre_tanh:
                factor = 2 * (z - torch.atanh(target))
            else:
                factor = 2 * (torch.tanh(z) - target) * (1 - torch.tanh(z) ** 2)
            expected = expected - 0.3 * factor * w
        torch.testing.assert_close(ref.regression_attack(model, x, target, 0.3, 4, on_pre_tanh), expected)


def test_regression_gives_the_public_tests_numbers(ref):
    model = nn.Sequential(nn.Dropout(0.5), nn.Linear(2, 1)).eval()
    with torch.no_grad():
        model[1].weight.copy_(torch.tensor([[1.0, -1.0]]))
        model[1].bias.fill_(0.5)
    x, target = torch.tensor([[0.5, 0.0], [-1.0, 1.0]]), torch.tensor([[-0.5], [0.25]])
    torch.testing.assert_close(ref.regression_attack(model, x, target, 0.25, 2, False),
                               torch.tensor([[-0.143941, 0.643941], [-0.750658, 0.750658]]), atol=1e-5, rtol=0)
    torch.testing.assert_close(ref.regression_attack(model, x, target, 0.1, 2, True),
                               torch.tensor([[0.004222, 0.495778], [-0.438268, 0.438268]]), atol=1e-5, rtol=0)


def test_exercise_6b_the_tanh_output_attack_stalls_or_jumps_where_the_input_attack_arrives(ref):
    identity = nn.Identity()
    start, goal = torch.tensor([[3.0]]), torch.tensor([[-0.5]])
    slow = torch.tanh(ref.regression_attack(identity, start, goal, 0.1, 100, False)).item()
    jumpy = [torch.tanh(ref.regression_attack(identity, start, goal, 50.0, n, False)).item() for n in (1, 2, 100)]
    arrives = torch.tanh(ref.regression_attack(identity, start, goal, 0.1, 100, True)).item()
    assert slow > 0.98                                   # a hundred small steps hardly move a saturated tanh
    assert jumpy[0] > 0.9 and jumpy[1] == jumpy[2] == -1  # one step escapes, the next overshoots into the other end
    assert arrives == pytest.approx(-0.5, abs=1e-4)


# ----------------------------------------------------------------------------------------- the rules


def attacks_on(ref, dtype):
    classifier = seeded_classifier(ref, 7, dtype)
    regressor = seeded_regressor(ref, 8, dtype)
    x_class = torch.rand(6, 4, dtype=dtype)
    x_regress = torch.randn(6, 3, dtype=dtype)
    labels, targets = torch.randint(0, 3, (6,)), torch.rand(6, 2, dtype=dtype) - 0.5
    return [
        (classifier, x_class, lambda: ref.fgsm(classifier, x_class, labels, 0.1)),
        (classifier, x_class, lambda: ref.iterative_sign_attack(classifier, x_class, labels, 0.1, 0.03, 4)),
        (classifier, x_class, lambda: ref.iterative_sign_attack(classifier, x_class, labels, 0.1, 0.03, 0)),
        (regressor, x_regress, lambda: ref.regression_attack(regressor, x_regress, targets, 0.1, 3, False)),
        (regressor, x_regress, lambda: ref.regression_attack(regressor, x_regress, targets, 0.1, 3, True)),
        (regressor, x_regress, lambda: ref.regression_attack(regressor, x_regress, targets, 0.1, 0, True)),
    ]


@pytest.mark.parametrize("dtype", DTYPES)
def test_every_attack_leaves_the_model_and_x_as_they_were(ref, dtype):
    for model, x, attack in attacks_on(ref, dtype):
        state = {name: value.clone() for name, value in model.state_dict().items()}
        x_before = x.clone()
        result = attack()
        assert type(result) is torch.Tensor and result.dtype == dtype and result.shape == x.shape
        assert not result.requires_grad and result.grad_fn is None
        assert result.untyped_storage().data_ptr() != x.untyped_storage().data_ptr()
        assert torch.equal(x, x_before) and not x.requires_grad
        assert all(torch.equal(value, state[name]) for name, value in model.state_dict().items())
        assert all(param.grad is None and param.requires_grad for param in model.parameters())
        assert not any(module.training for module in model.modules())


# ---------------------------------------------------------------------------------------- the notebook


def test_untouched_notebook_stubs_raise_not_implemented(stub_notebook_namespace):
    notebook = stub_notebook_namespace()
    model, x = notebook["classifier"], notebook["points"]
    for call in (lambda: notebook["fgsm"](model, x, notebook["labels"], 0.1),
                 lambda: notebook["iterative_sign_attack"](model, x, notebook["labels"], 0.1, 0.01, 3),
                 lambda: notebook["regression_attack"](nn.Identity(), x, x * 0, 0.1, 3, True)):
        with pytest.raises(NotImplementedError):
            call()
