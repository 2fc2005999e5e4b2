"""iterative_sign_attack computes the gradient once, at x, and reuses its sign for every step."""

import torch
import torch.nn.functional as F


def iterative_sign_attack(model, x, target, epsilon, step_size, steps, loss_fn=F.cross_entropy):
    x = x.detach()
    x_leaf = x.clone().requires_grad_(True)
    (grad,) = torch.autograd.grad(loss_fn(model(x_leaf), target), x_leaf)
    x_adv = x.clone()
    for _ in range(steps):
        x_adv = torch.clamp(x_adv + step_size * grad.sign(), min=x - epsilon, max=x + epsilon).clamp(0, 1)
    return x_adv
