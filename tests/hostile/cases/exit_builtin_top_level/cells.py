# honest: scale, pairwise_sq_dist, relu_mean
# %%
print("done, bye")
exit()


# %%
def centered(x):
    return x - x.mean(dim=0, keepdim=True)
