"""Public test of critic_objective_grad: the exam's two one-point sample sets."""

import pytest
import torch

from autograder.compare import assert_tensor_close


@pytest.mark.points(1, visibility="visible")
def test_exam_exercise_12_gradient(submission):
    w = torch.tensor([0.3, -0.5])
    samples_a = torch.tensor([[3.0, 1.0]])
    samples_b = torch.tensor([[-2.0, 2.0]])
    assert_tensor_close(submission.critic_objective_grad(w, samples_a, samples_b), torch.tensor([5.0, -1.0]),
                        what="critic_objective_grad(w=(0.3, -0.5), A={(3, 1)}, B={(-2, 2)})")
