# honest: pairwise_sq_dist, centered
# %%
LINE = "spam " * (2**18)  # about 1.3 MB

for _ in range(200):
    print(LINE)


def scale(x, k):
    for _ in range(800):  # about 1 GB
        print(LINE)
    return x * k


def relu_mean(x):
    for _ in range(800):
        print(LINE)
    raise ValueError("relu_mean gave up after printing 1 GB")
