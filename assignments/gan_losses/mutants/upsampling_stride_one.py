"""upsampling_block forgets the transposed convolution's stride (stride 1): H + 1 rows instead of 2H."""

from torch import nn


def upsampling_block(in_channels: int, out_channels: int, mode: str) -> nn.Module:
    if mode == "transposed":
        layers = [nn.ConvTranspose2d(in_channels, out_channels, kernel_size=4, padding=1)]
    elif mode == "upsample":
        layers = [nn.Upsample(scale_factor=2), nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)]
    else:
        raise ValueError(f"mode must be 'transposed' or 'upsample', not {mode!r}")
    return nn.Sequential(*layers, nn.BatchNorm2d(out_channels), nn.ReLU())
