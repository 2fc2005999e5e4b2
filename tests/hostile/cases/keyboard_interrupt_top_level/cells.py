# honest: scale, pairwise_sq_dist, relu_mean
# %%
raise KeyboardInterrupt


# %%
def centered(x):
    return x - x.mean(dim=0, keepdim=True)
