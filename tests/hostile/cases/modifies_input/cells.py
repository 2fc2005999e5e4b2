# honest: scale, pairwise_sq_dist, relu_mean
# %%
def centered(x):
    x -= x.mean(dim=0, keepdim=True)  # in place: the caller's tensor changes
    return x
