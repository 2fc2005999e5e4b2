# honest: centered
# %%
import os


def scale(x, k):
    os._exit(1)


def pairwise_sq_dist(a, b):
    os._exit(1)


def relu_mean(x):
    os._exit(1)
