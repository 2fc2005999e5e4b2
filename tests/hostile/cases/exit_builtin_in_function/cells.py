# honest: scale, pairwise_sq_dist, centered
# %%
def relu_mean(x):
    quit(3)
