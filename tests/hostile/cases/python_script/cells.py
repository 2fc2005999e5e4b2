# format: py
# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
if __name__ == "__main__":
    print(scale(torch.ones(2), 3.0))
