"""residual_block: `shortcut += out` writes into x itself when the shortcut is the identity."""

from torch import Tensor, nn


def forward(self, x: Tensor) -> Tensor:
    out = self.bn1(self.conv1(x)).relu()
    out = self.bn2(self.conv2(out))
    shortcut = self.shortcut(x)
    shortcut += out
    return shortcut.relu()


ResidualBlock.forward = forward
