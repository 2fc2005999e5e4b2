"""iterative_sign_attack starts from x.detach(), which shares x's memory: with steps=0 it returns a view of the caller's x."""

import torch
import torch.nn.functional as F


def iterative_sign_attack(model, x, target, epsilon, step_size, steps, loss_fn=F.cross_entropy):
    x = x.detach()
    x_adv = x
    for _ in range(steps):
        x_adv = x_adv.detach().requires_grad_(True)
        loss = loss_fn(model(x_adv), target)
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = torch.clamp(x_adv.detach() + step_size * grad.sign(), min=x - epsilon, max=x + epsilon).clamp(0, 1)
    return x_adv
