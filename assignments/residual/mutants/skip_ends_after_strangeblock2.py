"""subnet: the skip also spans strangeblock2 (added after it, not after convblock9)."""

from torch import Tensor, nn


class SubNet(nn.Module):
    """The exam's seven blocks; every one maps [N, channels, H, W] to the same shape."""

    def __init__(self, channels: int = 8) -> None:
        super().__init__()
        # The numbers are the exam's labels for the blocks, not kernel sizes.
        self.convblock17 = conv_block(channels)
        self.convblock3 = conv_block(channels)
        self.strangeblock1 = StrangeBlock(channels)
        self.convblock11 = conv_block(channels)
        self.convblock9 = conv_block(channels)
        self.strangeblock2 = StrangeBlock(channels)
        self.convblock81 = conv_block(channels)

    # -----------------------------------------------------------------------------------------
    # Written by the student.
    # -----------------------------------------------------------------------------------------
    def forward(self, x: Tensor) -> Tensor:
        h = self.convblock3(self.convblock17(x))
        skip = h
        h = self.strangeblock2(self.convblock9(self.convblock11(self.strangeblock1(h))))
        h = h + skip
        return self.convblock81(h)
