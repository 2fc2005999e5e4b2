"""The issue's acceptance test: in a class with copies, the copies are the top pairs and untouched notebooks score 0."""

from __future__ import annotations

import itertools

import pytest

from autograder.similarity import Similarity

COPIES = [{"student_a", "copy_of_a_renamed"}, {"student_c", "copy_of_c_reordered"}]
INDEPENDENT = ["student_a", "student_b", "student_c"]


def pair_keys(compared: Similarity, rank: int) -> set[str]:
    pair = compared.pairs[rank]
    return {compared.compared[pair.a].key, compared.compared[pair.b].key}


def test_the_two_copies_are_the_top_pairs(compared):
    assert [pair_keys(compared, 0), pair_keys(compared, 1)] in (COPIES, COPIES[::-1])
    assert compared.pairs[0].similarity >= compared.pairs[1].similarity >= 0.9


@pytest.mark.parametrize("copy", [sorted(pair) for pair in COPIES], ids=["renamed+comments", "reordered+respaced"])
def test_a_disguised_copy_scores_near_1(scores, copy):
    assert scores[frozenset(copy)] >= 0.9


@pytest.mark.parametrize("a, b", list(itertools.combinations(INDEPENDENT, 2)))
def test_independent_solutions_of_the_same_small_functions_stay_low(scores, a, b):
    assert scores[frozenset({a, b})] < 0.3
    assert scores[frozenset({a, b})] < min(scores[frozenset(c)] for c in COPIES) / 3


def test_untouched_notebooks_have_no_code_of_their_own_and_score_0(compared, scores):
    untouched = {entry.key: entry for entry in compared.compared if entry.key.startswith("untouched")}
    assert set(untouched) == {"untouched_1", "untouched_2"}
    assert all(not entry.units for entry in untouched.values()), "the notebook's own cells must all be removed"
    assert scores[frozenset(untouched)] == 0.0
    assert all(score == 0.0 for pair, score in scores.items() if pair & set(untouched))


def test_only_the_students_functions_count(compared):
    """Given imports, check() cells, demo cells and docstrings are gone; each function is one unit."""
    student_a = next(entry for entry in compared.compared if entry.key == "student_a")
    assert sorted(unit.name for unit in student_a.units) == ["batched_nms", "box_iou", "detection_loss", "nms"]
    symbols = [s for unit in student_a.units for s in unit.symbols]
    assert "check" not in symbols and "NotImplementedError" not in symbols and "import" not in symbols
    box_iou = next(unit for unit in student_a.units if unit.name == "box_iou")
    assert '"""' in box_iou.text, "student A kept the notebook's signature and docstring"
    assert box_iou.symbols[:5] == ("{", "V", "=", "torch", "."), "neither is compared, nor the comment"


def test_every_pair_is_scored_once_highest_first(compared):
    n = len(compared.compared)
    assert n == 7 and len(compared.pairs) == n * (n - 1) // 2
    assert len({(p.a, p.b) for p in compared.pairs}) == len(compared.pairs)
    values = [p.similarity for p in compared.pairs]
    assert values == sorted(values, reverse=True) and all(0.0 <= v <= 1.0 for v in values)
