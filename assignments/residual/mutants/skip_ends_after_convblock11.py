"""subnet: the skip is added after convblock11, so convblock9 is not spanned."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    h = self.convblock3(self.convblock17(x))
    skip = h
    h = self.convblock11(self.strangeblock1(h)) + skip
    h = self.convblock9(h)
    return self.convblock81(self.strangeblock2(h))


SubNet.forward = forward
