"""The score: shared fingerprints over the smaller submission, never less than a minimum amount of code."""

from __future__ import annotations

import pytest

from autograder.similarity import compare
from autograder.similarity.compare import COMMON_MIN, MIN_FINGERPRINTS, common_hashes, score_pairs
from autograder.similarity.fingerprint import Fingerprints


def prints(*hash_sets: range | set[int]) -> list[Fingerprints]:
    return [Fingerprints({h: [(0, 0)] for h in hashes}) for hashes in hash_sets]


def scores(found: list[compare.Pair]) -> dict[tuple[int, int], tuple[float, int]]:
    return {(p.a, p.b): (p.similarity, p.shared) for p in found}


def test_the_smaller_submission_decides_so_a_padded_copy_still_scores_high():
    found = scores(score_pairs(prints(range(100), range(20, 320), range(1000, 1100)), set()))
    assert found[(0, 1)] == (0.8, 80)
    assert found[(0, 2)] == (0.0, 0) and found[(1, 2)] == (0.0, 0)


def test_little_code_cannot_score_high():
    small = MIN_FINGERPRINTS // 4
    (pair,) = score_pairs(prints(range(small), range(small)), set())
    assert pair.shared == small and pair.similarity == pytest.approx(0.25)


def test_a_fingerprint_most_of_the_class_shares_counts_for_nobody():
    idiom = {-1}
    class_ = prints(*[set(range(100 * i, 100 * i + 50)) | idiom for i in range(COMMON_MIN + 1)])
    assert common_hashes(class_) == idiom
    assert common_hashes(class_[:COMMON_MIN]) == set(), "at most COMMON_MIN sharing it is still evidence"
    assert all(pair.shared == 0 for pair in score_pairs(class_, idiom))


def test_blocks_of_the_matrix_give_the_same_scores(monkeypatch):
    class_ = prints(range(0, 90), range(30, 120), range(60, 150), range(500, 540), range(0, 150, 2))
    whole = scores(score_pairs(class_, set()))
    monkeypatch.setattr(compare, "_MATRIX_CELLS", 3 * len(class_))
    assert scores(score_pairs(class_, set())) == whole
