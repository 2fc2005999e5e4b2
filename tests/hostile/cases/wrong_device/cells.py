# honest: scale, relu_mean, centered
# %%
import torch


def pairwise_sq_dist(a, b):
    out = torch.zeros(a.shape[0], b.shape[0], device="cuda")  # always on the GPU
    for i in range(a.shape[0]):
        out[i] = ((a[i] - b) ** 2).sum(dim=-1).to(out.device)
    return out
