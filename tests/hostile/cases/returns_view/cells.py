# honest: pairwise_sq_dist, relu_mean, centered
# %%
def scale(x, k):
    if k == 1:
        return x  # "nothing to do"
    return x * k
