# honest: pairwise_sq_dist, relu_mean, centered
# %%
import torch


def scale(x, k):
    lookup = torch.ones(50 * 2**30, dtype=torch.uint8)  # 50 GB
    return x * k * lookup[0]
