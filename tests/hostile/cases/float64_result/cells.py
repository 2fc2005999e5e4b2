# honest: pairwise_sq_dist, relu_mean, centered
# %%
import torch


def scale(x, k):
    return x.double() * k  # "more precise"
