# honest: scale, pairwise_sq_dist
# %%
def centered(x)
    return x - x.mean(dim=0, keepdim=True)
# %%
def relu_mean(x):  # a later cell: it must still run
    return x.clamp(min=0).mean(dim=-1)
