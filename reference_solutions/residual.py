"""Reference solution: residual connections (IN5400/IN9400 exam, June 2021, Exercise 1).

Two questions. ``SubNet`` is the exam's chain of seven shape-preserving blocks; the notebook gives
its ``__init__`` (copied here unchanged) and the student writes ``forward`` with the one residual
connection the exam asks for: from the input of ``strangeblock1`` to the output of ``convblock9``.
``ResidualBlock`` is a ResNet basic block; its submodule names and layer settings are fixed by the
notebook so that the grader can load the same weights into the student's block and this one.
"""

from __future__ import annotations

from torch import Tensor, nn

# ---------------------------------------------------------------------------------------------
# Given in the notebook: the building blocks of SubNet and SubNet.__init__.
# ---------------------------------------------------------------------------------------------


def conv_block(channels: int) -> nn.Sequential:
    """A shape-preserving conv block: 3x3 convolution ("same" padding), batch norm, ReLU."""
    return nn.Sequential(
        nn.Conv2d(channels, channels, kernel_size=3, padding=1),
        nn.BatchNorm2d(channels),
        nn.ReLU(),
    )


class StrangeBlock(nn.Module):
    """A shape-preserving but strongly nonlinear block: each value is scaled by a learned gate.

    The gate is a sigmoid, so where it saturates near 0 the block passes almost no signal, and
    almost no gradient, backwards. That is what makes it "strange" and worth skipping over.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.gate = nn.Conv2d(channels, channels, kernel_size=1)

    def forward(self, x: Tensor) -> Tensor:
        return x * self.gate(x).sigmoid()


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
        # The skip starts at the input of strangeblock1 ...
        skip = h
        h = self.convblock9(self.convblock11(self.strangeblock1(h)))
        # ... and ends at the output of convblock9. A new tensor, so nothing autograd saved is overwritten.
        h = h + skip
        return self.convblock81(self.strangeblock2(h))


# ---------------------------------------------------------------------------------------------
# Written by the student: a ResNet basic block.
# ---------------------------------------------------------------------------------------------


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
        out = self.bn2(self.conv2(out))
        # Out of place: with the identity shortcut, `out += x` would be fine but `x += out` would
        # overwrite the caller's input.
        return (out + self.shortcut(x)).relu()


# The teacher's answers to the notebook's manual questions (id -> answer), quoting the exam's answers.
# They live here, never in the student notebook: the grader, the TAs and the audit read them; students do not.
TEACHER_ANSWERS: dict[str, str] = {
    "1a": (
        "They improve the gradient flow when computing the gradients. Reason is that the gradient flows back along "
        "the shortcut via an identity operator because of h(x) = x + C1 ∘ C2(x), "
        "∂h/∂x_d = 1 + ∂(C1 ∘ C2)/∂x_d (x).\n"
        "They allow to unlearn easily learnt pattern detectors in the convolutions parallel to the shortcut, because "
        "the parameters in C1 and C2 can be shrunk to zeros during gradient descent. Then h(x) = x is nothing more "
        "than the identity. Furthermore it results in a initialisation of the network such that it is approximately "
        "very shallow because the blocks with residual connections are approximately identity mappings."
    ),
}
