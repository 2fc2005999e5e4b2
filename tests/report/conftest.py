"""Results files for the report tests, built the way the grader builds them (no grading needed)."""

from __future__ import annotations

from typing import Callable

import pytest

from autograder.grading.plugin import TestOutcome as Outcome
from autograder.report.gradebook import GradedEntry
from autograder.report.results import GradedSubmission, build_results

SUITE = [  # question, name, points, visibility
    ("nms", "keeps the best box", 2.0, "visible"),
    ("nms", "random boxes match the reference", 3.0, "hidden"),
    ("box_iou", "identical boxes overlap fully", 1.0, "visible"),
    ("box_iou", "random pairs match", 2.0, "after_due_date"),
]


def outcome(question: str, name: str, points: float, visibility: str, passed: bool, output: str = "") -> Outcome:
    return Outcome(nodeid=f"test_{question}.py::{name}", name=name, question=question, max_score=points,
                   visibility=visibility, status="passed" if passed else "failed", fraction=1.0 if passed else 0.0,
                   output=output)


@pytest.fixture
def make_entry() -> Callable[..., GradedEntry]:
    """make_entry("alice", passed={...names}, outputs={name: message}, submitters=[...], seconds=1.0)."""

    def make(key: str, *, passed: set[str] | None = None, outputs: dict[str, str] | None = None,
             submitters: list[dict] | None = None, seconds: float = 1.0, grader_errors: list[str] | None = None,
             label: str | None = None, source: str | None = None) -> GradedEntry:
        passed = {name for _, name, _, _ in SUITE} if passed is None else passed
        outputs = outputs or {}
        graded = GradedSubmission(
            assignment="nms", source=source or f"/exports/{key}.ipynb", graded_file=f"{key}.ipynb", sha256="f" * 64,
            suite_version="0123456789abcdef", execution_time=seconds,
            outcomes=[outcome(q, n, p, v, n in passed, outputs.get(n, "")) for q, n, p, v in SUITE],
            grader_errors=list(grader_errors or []),
            metadata={"submission_id": key.removeprefix("submission_"), "submitters": submitters}
            if submitters else {})
        return GradedEntry(key, label or (key if submitters else f"{key}.ipynb"), build_results(graded))

    return make
