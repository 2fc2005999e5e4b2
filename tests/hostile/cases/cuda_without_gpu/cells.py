# honest: pairwise_sq_dist, relu_mean, centered
# %%
import torch

model = torch.nn.Linear(4, 2).cuda()


# %%
def scale(x, k):
    return (x.cuda() * k).to(x.device)
