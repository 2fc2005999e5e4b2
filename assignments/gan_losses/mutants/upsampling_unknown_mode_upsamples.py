"""upsampling_block treats every mode other than "transposed" as "upsample" instead of raising ValueError."""

from torch import nn


def upsampling_block(in_channels: int, out_channels: int, mode: str) -> nn.Module:
    if mode == "transposed":
        layers = [nn.ConvTranspose2d(in_channels, out_channels, kernel_size=4, stride=2, padding=1)]
    else:
        layers = [nn.Upsample(scale_factor=2), nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)]
    return nn.Sequential(*layers, nn.BatchNorm2d(out_channels), nn.ReLU())
