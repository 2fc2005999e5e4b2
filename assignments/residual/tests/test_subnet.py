"""Public tests of SubNet.forward: the exam's residual connection, and the skip carrying the signal past a silent middle."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_tensor_close


def subnet_output(student, x, silence_convblock9=False):
    """In the worker: a SubNet in eval mode; its output, and the output of the blocks outside the skip."""
    import torch

    torch.manual_seed(0)
    net = student.SubNet().eval()
    with torch.no_grad():
        if silence_convblock9:
            for param in net.convblock9.parameters():
                param.zero_()
        out = net(x.clone())
        # What is left of the net when the middle (strangeblock1, convblock11, convblock9) adds nothing.
        skip = net.convblock3(net.convblock17(x))
        outside = net.convblock81(net.strangeblock2(skip))
        # The exam's answer, written out with the net's own blocks.
        expected = net.convblock81(net.strangeblock2(skip + net.convblock9(net.convblock11(net.strangeblock1(skip)))))
    return {"output": out, "outside_the_skip": outside, "expected": expected}


def example_input() -> torch.Tensor:
    return torch.randn(2, 8, 6, 6, generator=torch.Generator().manual_seed(0))


@pytest.mark.points(1, visibility="visible")
def test_subnet_adds_the_skip_from_strangeblock1_input_to_convblock9_output(submission):
    got = submission.run(subnet_output, example_input())
    assert_tensor_close(
        got["output"],
        got["expected"],
        what="SubNet()(x) for x of shape (2, 8, 6, 6) (expected, with xs = convblock3(convblock17(x)): "
        "convblock81(strangeblock2(xs + convblock9(convblock11(strangeblock1(xs))))))",
    )


@pytest.mark.points(1.5, visibility="visible")
def test_skip_carries_convblock3_output_past_a_silent_convblock9(submission):
    # convblock9 with all-zero weights outputs 0, so the sum at its end is just the skip: the
    # output of convblock3, which then goes through strangeblock2 and convblock81.
    got = submission.run(subnet_output, example_input(), silence_convblock9=True)
    assert_tensor_close(
        got["output"],
        got["outside_the_skip"],
        what="SubNet()(x) with convblock9's weights set to zero (expected: convblock81(strangeblock2(convblock3(convblock17(x)))))",
    )
