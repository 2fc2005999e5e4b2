"""Score every pair of submissions by the fingerprints they share.

similarity(a, b) = shared fingerprints / max(fingerprints of the smaller of a and b, MIN_FINGERPRINTS)

- The smaller submission decides: a copy padded with code of its own still scores high.
- MIN_FINGERPRINTS weighs by the amount of student code: two students who each wrote a few lines can
  share at most that many fingerprints out of MIN_FINGERPRINTS, so a small task done the natural way
  twice does not look like a copy. An untouched notebook has no fingerprints at all and scores 0.
- A fingerprint that more than ``max(COMMON_MIN, COMMON_FRACTION * class size)`` submissions share is
  an idiom of the task, not a copy (MOSS's ``-m``), and counts for nobody, on either side of the fraction.

Scores for all pairs come from one matrix product over the fingerprints that at least two submissions
share, so a class of 300 (44,850 pairs) takes milliseconds here.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
from copydetect.utils import get_copied_slices

from autograder.similarity.fingerprint import K, Fingerprints
from autograder.similarity.normalise import Unit

MIN_FINGERPRINTS = 40
"""About 25 lines of code: below it, a submission counts as that much anyway (fingerprints are ~1/3.5 of tokens)."""
COMMON_MIN = 10
COMMON_FRACTION = 0.1
_MATRIX_CELLS = 16 * 1024 * 1024  # 64 MB of float32 per block of the submissions x fingerprints matrix


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    similarity: float
    shared: int


def common_hashes(prints: list[Fingerprints]) -> set[int]:
    """Fingerprints too many submissions share to say anything about any two of them."""
    limit = max(COMMON_MIN, math.ceil(COMMON_FRACTION * len(prints)))
    counts = Counter(h for p in prints for h in p.positions)
    return {h for h, count in counts.items() if count > limit}


def score_pairs(prints: list[Fingerprints], common: set[int]) -> list[Pair]:
    """Every pair (a < b), highest similarity first; ties in submission order."""
    n = len(prints)
    kept = [set(p.positions) - common for p in prints]
    sizes = np.array([len(k) for k in kept], dtype=np.float64)
    counts = Counter(h for k in kept for h in k)
    columns = {h: i for i, h in enumerate(h for h, c in counts.items() if c >= 2)}
    rows = [np.array([columns[h] for h in hashes if h in columns], dtype=np.int64) for hashes in kept]
    shared = np.zeros((n, n), dtype=np.int64)
    step = max(1, _MATRIX_CELLS // max(n, 1))  # a block of columns at a time: memory stays bounded
    for first in range(0, len(columns), step):
        block = np.zeros((n, min(step, len(columns) - first)), dtype=np.float32)
        for row, cols in enumerate(rows):
            block[row, cols[(cols >= first) & (cols < first + step)] - first] = 1.0
        shared += np.rint(block @ block.T).astype(np.int64)
    smaller = np.maximum(np.minimum.outer(sizes, sizes), MIN_FINGERPRINTS)
    similarity = np.clip(shared / smaller, 0.0, 1.0)
    a, b = np.triu_indices(n, k=1)
    order = np.lexsort((b, a, -similarity[a, b]))
    return [Pair(int(a[i]), int(b[i]), float(similarity[a[i], b[i]]), int(shared[a[i], b[i]])) for i in order]


def shared_spans(mine: Fingerprints, theirs: Fingerprints, common: set[int],
                 units: list[Unit]) -> dict[int, list[tuple[int, int]]]:
    """Per unit of ``mine``: the character ranges of its tokens inside k-grams it shares with ``theirs``.

    Neighbouring tokens join into one range only across spaces on one line, so neither a comment or a
    docstring between two shared statements (not compared, hence not shared) nor an indentation is marked.
    """
    shared = (set(mine.positions) & set(theirs.positions)) - common
    starts: dict[int, list[int]] = {}
    for value in shared:
        for unit, token in mine.positions[value]:
            starts.setdefault(unit, []).append(token)
    spans: dict[int, list[tuple[int, int]]] = {}
    for index, tokens in starts.items():
        unit = units[index]
        covered = sorted({t for first, end in get_copied_slices(np.array(tokens), K).T.tolist()
                          for t in range(int(first), min(int(end), len(unit.spans)))})
        ranges: list[tuple[int, int]] = []
        for token in covered:
            start, end = unit.spans[token]
            if end <= start:
                continue  # a block's opening or closing: nothing to see
            gap = unit.text[ranges[-1][1]:start] if ranges else "x"
            if not gap.strip() and "\n" not in gap:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        spans[index] = ranges
    return spans
