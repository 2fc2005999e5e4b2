"""Public test of ascent_step: the exam's small step from w = (0.3, -0.5)."""

import pytest
import torch

from autograder.compare import assert_tensor_close


@pytest.mark.points(0.5, visibility="visible")
def test_exam_exercise_12_small_step(submission):
    w = torch.tensor([0.3, -0.5])
    samples_a = torch.tensor([[3.0, 1.0]])
    samples_b = torch.tensor([[-2.0, 2.0]])
    # w + 0.01 * grad h(w) = (0.3, -0.5) + 0.01 * (5, -1)
    assert_tensor_close(submission.ascent_step(w, samples_a, samples_b, 0.01), torch.tensor([0.35, -0.51]),
                        what="ascent_step(w=(0.3, -0.5), A={(3, 1)}, B={(-2, 2)}, eps=0.01)")
