# honest: scale, pairwise_sq_dist, centered
# %%
def relu_mean(x):
    return x.clamp(min=0).mean(dim=-1, keepdim=True)  # (n, 1): broadcasts against (n,)
