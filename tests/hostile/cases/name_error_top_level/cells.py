# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
print(f"final loss: {loss:.3f}")  # loss came from a cell that was deleted
