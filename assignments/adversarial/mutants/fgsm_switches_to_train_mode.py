"""fgsm calls model.train() "to get gradients": dropout and batch statistics change the gradient, and the model stays in training mode."""

import torch
import torch.nn.functional as F


def fgsm(model, x, target, epsilon, loss_fn=F.cross_entropy):
    model.train()
    x_leaf = x.detach().requires_grad_(True)
    loss = loss_fn(model(x_leaf), target)
    (grad,) = torch.autograd.grad(loss, x_leaf)
    return (x_leaf.detach() + epsilon * grad.sign()).clamp(0, 1)
