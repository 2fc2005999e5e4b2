"""Fingerprints of a submission: MOSS's winnowing over k-grams of normalised tokens, one unit at a time.

The winnowing itself is copydetect's (``copydetect.utils.winnow``, the robust winnowing of Schleimer,
Wilkerson and Aiken, "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003): in every
window of ``WINDOW`` consecutive k-gram hashes the smallest is kept. Any run of ``K + WINDOW - 1`` equal
tokens in two submissions therefore shares at least one fingerprint, and no match shorter than ``K``
tokens (about one statement) counts at all. The k-grams are ours: hashed over whole tokens rather than
characters, never across two units, with a hash that is the same in every run (Python's ``hash`` of a
string is not), so the same class gives the same report twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

import numpy as np
from copydetect.utils import winnow

from autograder.similarity.normalise import Unit

K = 12
"""Tokens per k-gram: shorter matches are noise. ``V = torch.argsort(V, descending=True)`` is 12 tokens."""
WINDOW = 6
"""Winnowing window: every match of at least K + WINDOW - 1 = 17 tokens is guaranteed to be found."""

_HASH_BITS = 52  # copydetect's pure-Python winnow compares hashes as floats: stay exact in a double
_BASE = np.uint64(0x100000001B3)


@dataclass
class Fingerprints:
    """A submission's fingerprints, and where each one stands (unit index, first token) for highlighting."""

    positions: dict[int, list[tuple[int, int]]] = field(default_factory=dict)


@lru_cache(maxsize=65536)
def _symbol_id(symbol: str) -> int:
    return int.from_bytes(hashlib.blake2b(symbol.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def kgram_hashes(symbols: tuple[str, ...] | list[str], k: int = K) -> np.ndarray:
    """One hash per k consecutive symbols (an empty array for fewer than k), as non-negative int64 below 2**52."""
    count = len(symbols) - k + 1
    if count <= 0:
        return np.zeros(0, dtype=np.int64)
    ids = np.fromiter((_symbol_id(s) for s in symbols), dtype=np.uint64, count=len(symbols))
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        rolling = np.zeros(count, dtype=np.uint64)
        for offset in range(k):
            rolling = rolling * _BASE + ids[offset:offset + count]
        # splitmix64's finaliser: the winnowing minimum must be a fair sample, so the bits must be mixed.
        rolling ^= rolling >> np.uint64(30)
        rolling *= np.uint64(0xBF58476D1CE4E5B9)
        rolling ^= rolling >> np.uint64(27)
        rolling *= np.uint64(0x94D049BB133111EB)
        rolling ^= rolling >> np.uint64(31)
    return (rolling >> np.uint64(64 - _HASH_BITS)).astype(np.int64)


def all_kgrams(units: Iterable[Unit], k: int = K) -> set[int]:
    """Every k-gram hash of some units (not only the winnowed ones): what the skeleton is subtracted by."""
    found: set[int] = set()
    for unit in units:
        found.update(kgram_hashes(unit.symbols, k).tolist())
    return found


def fingerprint(units: list[Unit], boilerplate: set[int] | frozenset[int] = frozenset(), k: int = K,
                window: int = WINDOW) -> Fingerprints:
    """Winnowed fingerprints of each unit, less those in ``boilerplate`` (the assignment's own code)."""
    prints = Fingerprints()
    for index, unit in enumerate(units):
        hashes = kgram_hashes(unit.symbols, k)
        if not len(hashes):
            continue
        selected, where = winnow(hashes, window_size=min(window, len(hashes)), remove_duplicates=False)
        for value, token in zip(np.asarray(selected).tolist(), np.asarray(where).tolist()):
            if value not in boilerplate:
                prints.positions.setdefault(int(value), []).append((index, int(token)))
    return prints
