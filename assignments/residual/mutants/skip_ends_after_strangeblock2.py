"""subnet: the skip also spans strangeblock2 (added after it, not after convblock9)."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    h = self.convblock3(self.convblock17(x))
    skip = h
    h = self.strangeblock2(self.convblock9(self.convblock11(self.strangeblock1(h))))
    h = h + skip
    return self.convblock81(h)


SubNet.forward = forward
