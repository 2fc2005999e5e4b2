"""upsampling_block uses a 3x3 transposed convolution with stride 2 and padding 1: 2H - 1 rows, not 2H."""

from torch import nn


def upsampling_block(in_channels: int, out_channels: int, mode: str) -> nn.Module:
    if mode == "transposed":
        layers = [nn.ConvTranspose2d(in_channels, out_channels, kernel_size=3, stride=2, padding=1)]
    elif mode == "upsample":
        layers = [nn.Upsample(scale_factor=2), nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)]
    else:
        raise ValueError(f"mode must be 'transposed' or 'upsample', not {mode!r}")
    return nn.Sequential(*layers, nn.BatchNorm2d(out_channels), nn.ReLU())
