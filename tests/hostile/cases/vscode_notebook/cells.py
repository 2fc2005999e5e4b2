# notebook: vscode
# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
import torch

x = torch.randn(3, 4)
display(x.shape)
centered(x)
