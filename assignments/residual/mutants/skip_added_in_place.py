"""subnet: `skip += h` overwrites convblock3's output, which autograd saved, so backward fails."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    h = self.convblock3(self.convblock17(x))
    skip = h
    h = self.convblock9(self.convblock11(self.strangeblock1(h)))
    skip += h
    return self.convblock81(self.strangeblock2(skip))


SubNet.forward = forward
