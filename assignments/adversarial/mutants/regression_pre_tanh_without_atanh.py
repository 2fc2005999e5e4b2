"""regression_attack compares the pre-activation with the target itself instead of atanh(target)."""

import torch


def regression_attack(model, x, target, step_size, steps, on_pre_tanh):
    x_adv = x.detach().clone()
    for _ in range(steps):
        x_adv.requires_grad_(True)
        output = model(x_adv)
        prediction = output if on_pre_tanh else torch.tanh(output)
        loss = ((prediction - target) ** 2).sum()
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = (x_adv - step_size * grad).detach()
    return x_adv
