# honest: pairwise_sq_dist, relu_mean, centered
# %%
import multiprocessing


def _times(pair):
    value, k = pair
    return value * k


def scale(x, k):
    with multiprocessing.Pool(500) as pool:
        values = pool.map(_times, [(v, k) for v in x.flatten().tolist()])
    return x.new_tensor(values).reshape(x.shape)
