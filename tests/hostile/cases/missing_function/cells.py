# honest: scale, pairwise_sq_dist, relu_mean
# %%
# TODO: centered, if there is time left
