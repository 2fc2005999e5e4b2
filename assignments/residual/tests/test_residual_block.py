"""Public tests of ResidualBlock: output shapes, the projection shortcut's layers, and the identity shortcut at work."""

from __future__ import annotations

import pytest
import torch

from autograder.compare import assert_equal, assert_tensor_close


def block_output(student, config, x, silence_main_path=False):
    """In the worker: ResidualBlock(*config) in eval mode; its output and its state_dict's shapes."""
    import torch

    torch.manual_seed(0)
    block = student.ResidualBlock(*config).eval()
    with torch.no_grad():
        if silence_main_path:
            block.bn2.weight.zero_()
            block.bn2.bias.zero_()
        out = block(x.clone())
        # The documented formula, written out with the block's own layers.
        main = block.bn2(block.conv2(torch.relu(block.bn1(block.conv1(x)))))
        expected = torch.relu(main + block.shortcut(x))
    shapes = {name: list(value.shape) for name, value in block.state_dict().items()}
    return {"output": out, "expected": expected, "shapes": shapes}


def example_input(channels: int) -> torch.Tensor:
    return torch.randn(2, channels, 8, 8, generator=torch.Generator().manual_seed(1))


@pytest.mark.points(1, visibility="visible")
def test_identity_block_keeps_the_shape(submission):
    got = submission.run(block_output, (4, 4, 1), example_input(4))
    assert_tensor_close(got["output"], got["expected"], what="ResidualBlock(4, 4)(x) for x of shape (2, 4, 8, 8) "
                        "(expected: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) with the block's own layers)")
    assert_equal(
        sorted(name for name in got["shapes"] if name.startswith("shortcut")),
        [],
        what="the shortcut's parameters when nothing changes shape (it should be nn.Identity())",
    )


@pytest.mark.points(1, visibility="visible")
def test_strided_block_projects_the_shortcut(submission):
    got = submission.run(block_output, (4, 8, 2), example_input(4))
    assert_tensor_close(got["output"], got["expected"], what="ResidualBlock(4, 8, stride=2)(x) for x of shape (2, 4, 8, 8) "
                        "(expected: relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)) with the block's own layers)")
    assert_equal(got["shapes"].get("shortcut.0.weight"), [8, 4, 1, 1], what="the shape of shortcut.0.weight (a 1x1 conv, no bias)")
    assert_equal(got["shapes"].get("shortcut.1.weight"), [8], what="the shape of shortcut.1.weight (batch norm over 8 channels)")


@pytest.mark.points(1, visibility="visible")
def test_silent_main_path_leaves_relu_of_the_input(submission):
    # bn2 scaled to zero makes the main path output 0, so the block computes relu(0 + x).
    x = example_input(4)
    got = submission.run(block_output, (4, 4, 1), x, silence_main_path=True)
    assert_tensor_close(got["output"], x.relu(), what="ResidualBlock(4, 4)(x) with bn2's weight and bias set to zero")
