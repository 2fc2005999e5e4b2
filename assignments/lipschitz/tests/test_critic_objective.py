"""Public test of critic_objective: the exam's two one-point sample sets."""

import pytest
import torch

from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_exam_exercise_12_objective(submission):
    w = torch.tensor([0.3, -0.5])
    samples_a = torch.tensor([[3.0, 1.0]])
    samples_b = torch.tensor([[-2.0, 2.0]])
    assert_tensor_close(submission.critic_objective(w, samples_a, samples_b), torch.tensor(2.0),
                        what="critic_objective(w=(0.3, -0.5), A={(3, 1)}, B={(-2, 2)})")
