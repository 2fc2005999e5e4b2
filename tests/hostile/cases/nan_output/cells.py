# honest: scale, pairwise_sq_dist, centered
# %%
def relu_mean(x):
    positive = x.clamp(min=0)
    return positive.sum(dim=-1) / (positive > 0).sum(dim=-1) * 0 / 0  # 0 / 0
