"""fgsm returns x_adv + epsilon * sign(grad) built from the leaf that requires grad: the result is still attached to the graph."""

import torch
import torch.nn.functional as F


def fgsm(model, x, target, epsilon, loss_fn=F.cross_entropy):
    x_adv = x.detach().clone().requires_grad_(True)
    loss = loss_fn(model(x_adv), target)
    (grad,) = torch.autograd.grad(loss, x_adv)
    return (x_adv + epsilon * grad.sign()).clamp(0, 1)
