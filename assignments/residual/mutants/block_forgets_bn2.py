"""residual_block: forward skips bn2 (the layer is built but never used)."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    out = self.bn1(self.conv1(x)).relu()
    out = self.conv2(out)
    # Out of place: with the identity shortcut, `out += x` would be fine but `x += out` would
    # overwrite the caller's input.
    return (out + self.shortcut(x)).relu()


ResidualBlock.forward = forward
