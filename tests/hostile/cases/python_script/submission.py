import torch


def scale(x, k):
    return x * k


def pairwise_sq_dist(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(dim=-1)


def relu_mean(x):
    return x.clamp(min=0).mean(dim=-1)


def centered(x):
    return x - x.mean(dim=0, keepdim=True)

# %%
if __name__ == "__main__":
    print(scale(torch.ones(2), 3.0))
