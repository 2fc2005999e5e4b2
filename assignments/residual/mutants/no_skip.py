"""subnet: the blocks run in order but the residual connection is missing."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    h = self.convblock3(self.convblock17(x))
    h = self.convblock9(self.convblock11(self.strangeblock1(h)))
    return self.convblock81(self.strangeblock2(h))


SubNet.forward = forward
