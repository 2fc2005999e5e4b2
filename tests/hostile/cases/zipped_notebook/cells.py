# format: zip
# honest: scale, pairwise_sq_dist, relu_mean, centered
