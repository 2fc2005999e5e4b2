"""Reference solution: gradient attacks on a classifier and on a tanh regressor (IN5400/IN9400 exam, June 2021, Exercise 6).

Exercise 6a names the iterative gradient sign attack; 6b asks why an attack by gradient steps with
a constant learning rate on the output of a tanh layer runs into trouble, and names the
alternative: the input of the tanh. The three functions here are those attacks. Each one gets a
model in eval mode and leaves it exactly as it was: it differentiates with respect to its own
copy of the input with ``torch.autograd.grad``, which computes that one gradient and nothing
else, so no ``.grad`` appears on the model's parameters and the caller's ``x`` never gets
``requires_grad``. ``SmallClassifier`` and ``TanhRegressor`` are given by the notebook and copied
here unchanged.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor, nn

# ---------------------------------------------------------------------------------------------
# Given in the notebook.
# ---------------------------------------------------------------------------------------------


class SmallClassifier(nn.Module):
    """[N, in_features] inputs in [0, 1] to [N, num_classes] logits.

    Batch norm and dropout make the two modes differ: in eval mode (where attacks are run) batch
    norm normalises with its running statistics and dropout passes everything through.
    """

    def __init__(self, in_features: int = 2, hidden: int = 16, num_classes: int = 2, dropout: float = 0.25) -> None:
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden)
        self.norm = nn.BatchNorm1d(hidden)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, x: Tensor) -> Tensor:
        return self.out(self.drop(torch.relu(self.norm(self.hidden(x)))))


class TanhRegressor(nn.Module):
    """A regressor whose output layer is a tanh: ``predict(x) = tanh(forward(x))`` lies in (-1, 1).

    ``forward`` returns the input of that tanh (the pre-activation), [N, out_features], so that an
    attack can work on either side of it.
    """

    def __init__(self, in_features: int = 2, hidden: int = 16, out_features: int = 1, dropout: float = 0.1) -> None:
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden)
        self.drop = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, out_features)

    def forward(self, x: Tensor) -> Tensor:
        return self.out(self.drop(torch.relu(self.hidden(x))))

    def predict(self, x: Tensor) -> Tensor:
        return torch.tanh(self(x))


# ---------------------------------------------------------------------------------------------
# Written by the student.
# ---------------------------------------------------------------------------------------------


def fgsm(model: nn.Module, x: Tensor, target: Tensor, epsilon: float, loss_fn=F.cross_entropy) -> Tensor:
    """One gradient sign step: clamp(x + epsilon * sign(grad_x loss_fn(model(x), target)), 0, 1)."""
    # A leaf of our own that shares x's memory: the caller's x is not marked as requiring grad,
    # and autograd.grad (unlike backward) fills no .grad on the model's parameters.
    x_leaf = x.detach().requires_grad_(True)
    loss = loss_fn(model(x_leaf), target)
    (grad,) = torch.autograd.grad(loss, x_leaf)
    # A new tensor, outside the graph: x_leaf.detach() does not require grad, nor does grad.
    return (x_leaf.detach() + epsilon * grad.sign()).clamp(0, 1)


def iterative_sign_attack(model: nn.Module, x: Tensor, target: Tensor, epsilon: float, step_size: float, steps: int,
                          loss_fn=F.cross_entropy) -> Tensor:
    """``steps`` gradient sign steps from x, each clipped to [x - epsilon, x + epsilon] and then to [0, 1]."""
    x = x.detach()
    lower, upper = x - epsilon, x + epsilon
    # A copy, so that even steps=0 returns a tensor of its own, not the caller's x.
    x_adv = x.clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = loss_fn(model(x_adv), target)
        (grad,) = torch.autograd.grad(loss, x_adv)
        # The gradient is taken at the current iterate; the ball is always the one around the original x.
        x_adv = x_adv.detach() + step_size * grad.sign()
        x_adv = torch.clamp(x_adv, min=lower, max=upper).clamp(0, 1)
    return x_adv


def regression_attack(model: nn.Module, x: Tensor, target: Tensor, step_size: float, steps: int,
                      on_pre_tanh: bool) -> Tensor:
    """``steps`` plain gradient-descent steps on x that pull the regressor's output towards ``target``.

    ``model(x)`` is the input of a tanh output layer. With ``on_pre_tanh`` False the loss is
    ``((tanh(model(x)) - target)**2).sum()``: its gradient carries the factor 1 - tanh**2, which
    vanishes where the tanh saturates, so steps of a constant size there hardly move x. With
    ``on_pre_tanh`` True the loss is ``((model(x) - atanh(target))**2).sum()``, the same goal
    before the tanh, where nothing saturates. No clamping: a regressor's inputs need not lie in [0, 1].
    """
    x_adv = x.detach().clone()
    goal = torch.atanh(target) if on_pre_tanh else target
    for _ in range(steps):
        x_adv.requires_grad_(True)
        output = model(x_adv)
        prediction = output if on_pre_tanh else torch.tanh(output)
        loss = ((prediction - goal) ** 2).sum()
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = (x_adv - step_size * grad).detach()
    return x_adv


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "6a": (
        "the surrogate attack does not make use of gradients of the original model. it can be used on models which "
        "either have no well-defined gradients, or models for which one has no access to the internals to compute "
        "gradients efficiently"
    ),
    "6b": (
        "the tanh function saturates at both ends. in these regions its gradients become very small. in these "
        "regions one either progresses very slowly or one would need to choose a very high constant learning rate, "
        "but with a very high learning rate one would make very large steps once the inputs to the tanh are closer "
        "to zero, and the gradient optimization can become unstable then"
    ),
}
