"""Write ``similarity.csv`` and ``similarity.html`` into a folder, atomically like every grader output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from autograder.assignment import Assignment
from autograder.report.jsonfile import write_text_atomic
from autograder.similarity.csvfile import render_csv
from autograder.similarity.page import render_page
from autograder.similarity.run import Similarity, find_similarity

CSV_NAME = "similarity.csv"
HTML_NAME = "similarity.html"


@dataclass(frozen=True)
class SimilarityOutputs:
    csv: Path
    html: Path


def write_similarity(out_dir: Path, result: Similarity) -> SimilarityOutputs:
    out_dir = Path(out_dir)
    write_text_atomic(out_dir / CSV_NAME, render_csv(result))
    write_text_atomic(out_dir / HTML_NAME, render_page(result))
    return SimilarityOutputs(out_dir / CSV_NAME, out_dir / HTML_NAME)


def compare_and_write(assignment: Assignment, paths: Iterable[Path], out_dir: Path, *,
                      exports: Iterable[Path] = ()) -> tuple[Similarity, SimilarityOutputs]:
    """What ``autograder similarity`` and ``grade --similarity`` both do: compare, then write both files."""
    result = find_similarity(assignment, paths, exports=exports)
    return result, write_similarity(out_dir, result)
