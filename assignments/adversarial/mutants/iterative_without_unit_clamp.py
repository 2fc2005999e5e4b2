"""iterative_sign_attack clips to the epsilon box around x but not to [0, 1]."""

import torch
import torch.nn.functional as F


def iterative_sign_attack(model, x, target, epsilon, step_size, steps, loss_fn=F.cross_entropy):
    x = x.detach()
    x_adv = x.clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = loss_fn(model(x_adv), target)
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = torch.clamp(x_adv.detach() + step_size * grad.sign(), min=x - epsilon, max=x + epsilon)
    return x_adv
