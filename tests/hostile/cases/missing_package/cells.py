# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
import tensorflow as tf

tf.random.set_seed(0)
