# notebook: colab
# honest: scale, pairwise_sq_dist, relu_mean, centered
# %%
!pip install -q torch torchvision
!nvidia-smi
# %%
from google.colab import drive

drive.mount("/content/drive")
# %%
%matplotlib inline
import matplotlib.pyplot as plt

plt.plot([1, 2, 3])
plt.show()
