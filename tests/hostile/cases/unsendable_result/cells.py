# honest: pairwise_sq_dist, relu_mean, centered
# %%
class Treacherous(tuple):
    """Looks like a namedtuple, but raises as soon as anything iterates over it."""

    _fields = ("value",)

    def __iter__(self):
        raise RuntimeError("you may not look inside")


def scale(x, k):
    return Treacherous([x * k])
