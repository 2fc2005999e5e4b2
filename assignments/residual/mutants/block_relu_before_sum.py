"""residual_block: reLU on the main path before the sum, none after it."""

from torch import Tensor, nn


class ResidualBlock(nn.Module):
    """ResNet's basic block: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)).

    ``conv1`` is 3x3 with the block's stride, ``conv2`` is 3x3 with stride 1, both with padding 1
    and ``bias=False`` (the batch norm that follows has its own shift). When the stride or the
    number of channels changes, ``x`` no longer has the output's shape, so the shortcut projects it
    with a 1x1 convolution of the same stride followed by batch norm; otherwise the shortcut is the
    identity.
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        if stride != 1 or in_channels != out_channels:
            self.shortcut: nn.Module = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        else:
            self.shortcut = nn.Identity()

    def forward(self, x: Tensor) -> Tensor:
        out = self.bn1(self.conv1(x)).relu()
        out = self.bn2(self.conv2(out)).relu()
        return out + self.shortcut(x)
