# honest: scale, pairwise_sq_dist, centered
# %%
import numpy as np


def relu_mean(x):
    return np.maximum(x.numpy(), 0).mean(axis=-1)
