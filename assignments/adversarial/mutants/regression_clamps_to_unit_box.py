"""regression_attack clamps x to [0, 1] after every step, as the image attacks do; a regressor's inputs are not pixels."""

import torch


def regression_attack(model, x, target, step_size, steps, on_pre_tanh):
    x_adv = x.detach().clone()
    goal = torch.atanh(target) if on_pre_tanh else target
    for _ in range(steps):
        x_adv.requires_grad_(True)
        output = model(x_adv)
        prediction = output if on_pre_tanh else torch.tanh(output)
        loss = ((prediction - goal) ** 2).sum()
        (grad,) = torch.autograd.grad(loss, x_adv)
        x_adv = (x_adv - step_size * grad).detach().clamp(0, 1)
    return x_adv
