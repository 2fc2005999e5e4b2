"""From what a TA hands in to scored pairs: read every submission, keep the student's code, compare.

The submissions are found exactly as ``autograder grade`` finds them (folders, Gradescope exports,
Otter zips: :func:`autograder.grading.sources.open_sources`) and read by the same ingest, so the keys
match the results files. Nothing runs: the ingest reads cells, the rest parses and tokenizes them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from autograder.assignment import Assignment
from autograder.grading.sources import open_sources
from autograder.ingest import IngestError, load_submission
from autograder.similarity.compare import Pair, common_hashes, score_pairs
from autograder.similarity.extract import ParsedCell, cell_units, names_bound_in, parse_cells, student_units
from autograder.similarity.fingerprint import Fingerprints, all_kgrams, fingerprint
from autograder.similarity.normalise import Unit
from autograder.similarity.skeleton import load_skeleton


@dataclass
class Compared:
    """One submission in the comparison; ``units`` is the code that counts (empty: untouched notebook)."""

    key: str
    label: str
    people: str
    units: list[Unit] = field(default_factory=list)
    prints: Fingerprints = field(default_factory=Fingerprints)


@dataclass
class Similarity:
    """Everything the CSV and the HTML page show."""

    title: str
    compared: list[Compared]
    skipped: list[tuple[str, str]]        # (key, why it could not be read)
    pairs: list[Pair]
    common: set[int]
    seconds: float


def find_similarity(assignment: Assignment, paths: Iterable[Path], *, exports: Iterable[Path] = ()) -> Similarity:
    """Compare every readable submission in ``paths`` with every other one.

    ``exports`` are the paths the TA declared Gradescope exports (``grade --export``), passed on to
    :func:`~autograder.grading.sources.open_sources` as ``grade`` passes them.
    """
    started = time.perf_counter()
    skeleton = load_skeleton(assignment)
    skip = skeleton.sources
    read: list[tuple[Compared, list[ParsedCell]]] = []
    skipped: list[tuple[str, str]] = []
    exports = list(exports)
    with open_sources(list(paths), assignment.notebook, **({"exports": exports} if exports else {})) as sources:
        for source in sources:
            if source.path is None:
                skipped.append((source.key, source.problem or "no notebook to read"))
                continue
            try:
                submission = load_submission(source.path, assignment.notebook)
            except IngestError as error:
                skipped.append((source.key, str(error)))
                continue
            people = ", ".join(str(p.get("name") or p.get("email") or "")
                               for p in source.metadata.get("submitters") or [] if isinstance(p, dict))
            read.append((Compared(source.key, source.label, people), parse_cells(submission.cells, skip)))
    bound = names_bound_in(skeleton.cells)
    for _, cells in read:
        bound |= names_bound_in(cells)
    skeleton_units = [unit for cell in skeleton.cells for unit, _, _ in cell_units(cell, bound)]
    skeleton_symbols = frozenset(unit.symbols for unit in skeleton_units)
    boilerplate = all_kgrams(skeleton_units)
    for entry, cells in read:
        entry.units = student_units(cells, skeleton.rule, skeleton_symbols, bound)
        entry.prints = fingerprint(entry.units, boilerplate)
    compared = [entry for entry, _ in read]
    common = common_hashes([entry.prints for entry in compared])
    pairs = score_pairs([entry.prints for entry in compared], common)
    return Similarity(assignment.title, compared, skipped, pairs, common, time.perf_counter() - started)
