"""iterative_sign_attack clips each iterate to epsilon around the previous iterate instead of around the original x, so the steps add up past epsilon."""

import torch
import torch.nn.functional as F


def iterative_sign_attack(model, x, target, epsilon, step_size, steps, loss_fn=F.cross_entropy):
    x_adv = x.detach().clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        loss = loss_fn(model(x_adv), target)
        (grad,) = torch.autograd.grad(loss, x_adv)
        previous = x_adv.detach()
        x_adv = previous + step_size * grad.sign()
        x_adv = torch.clamp(x_adv, min=previous - epsilon, max=previous + epsilon).clamp(0, 1)
    return x_adv
