"""A class of 300 is compared in seconds: the cost grows with the amount of code, not with pairs in Python."""

from __future__ import annotations

import time

import pytest

from autograder.similarity import find_similarity

from .synthetic import write_large_class

CLASS_SIZE = 300
BUDGET_SECONDS = 30  # measured about 2.7 s of CPU on the 2-core development machine; the margin is for a busy CI


@pytest.mark.slow
def test_300_submissions_are_compared_within_the_budget(nms, tmp_path):
    write_large_class(nms.notebook_path, tmp_path, CLASS_SIZE)
    started = time.perf_counter()
    result = find_similarity(nms, [tmp_path])
    elapsed = time.perf_counter() - started
    assert len(result.compared) == CLASS_SIZE and len(result.pairs) == CLASS_SIZE * (CLASS_SIZE - 1) // 2
    assert elapsed < BUDGET_SECONDS, f"{CLASS_SIZE} submissions took {elapsed:.1f} s"
