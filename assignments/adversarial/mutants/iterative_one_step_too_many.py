"""iterative_sign_attack starts with an FGSM step of size epsilon and then takes its steps: one step too many, the first one too large."""

import torch
import torch.nn.functional as F


def iterative_sign_attack(model, x, target, epsilon, step_size, steps, loss_fn=F.cross_entropy):
    x = x.detach()
    x_adv = fgsm(model, x, target, epsilon, loss_fn)
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = loss_fn(model(x_adv), target)
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = torch.clamp(x_adv.detach() + step_size * grad.sign(), min=x - epsilon, max=x + epsilon).clamp(0, 1)
    return x_adv
