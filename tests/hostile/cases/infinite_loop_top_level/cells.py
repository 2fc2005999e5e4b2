# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
import time

started = time.monotonic()
while time.monotonic() - started < 120:  # "training" that never ends (over in two minutes whatever happens)
    pass
