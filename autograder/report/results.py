"""Gradescope results.json for one submission, built by the grader from its own outcomes only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import autograder
from autograder.grading.plugin import TestOutcome

TOP_OUTPUT_LIMIT = 12000
TEST_OUTPUT_LIMIT = 4000


@dataclass
class GradedSubmission:
    """Everything known about one graded submission, before it is written anywhere."""

    assignment: str
    source: str                     # the path as given
    graded_file: str
    sha256: str
    suite_version: str
    outcomes: list[TestOutcome]
    execution_time: float
    notes: list[str] = field(default_factory=list)        # shown to the student at the top
    problems: list[dict] = field(default_factory=list)    # cells that raised while the notebook ran
    warnings: list[str] = field(default_factory=list)
    given_code: list[str] = field(default_factory=list)   # given cells the student changed or deleted, restored
    protections: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    grader_errors: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. names and emails from a Gradescope export

    @property
    def score(self) -> float:
        return round(sum(o.score for o in self.outcomes), 4)

    @property
    def max_score(self) -> float:
        return round(sum(o.max_score for o in self.outcomes), 4)


def build_results(graded: GradedSubmission) -> dict:
    tests = [_test_entry(o) for o in graded.outcomes]
    devices = sorted({o.device for o in graded.outcomes if o.device})
    return {
        "score": graded.score,
        "execution_time": round(max(graded.execution_time, 0.0), 3),
        "output": _cap(_top_output(graded), TOP_OUTPUT_LIMIT),
        "output_format": "text",
        "test_output_format": "text",
        "visibility": "visible",
        "tests": tests,
        "extra_data": {
            "grader_version": autograder.__version__,
            "suite_version": graded.suite_version,
            "assignment": graded.assignment,
            "submission": {"source": graded.source, "graded_file": graded.graded_file, "sha256": graded.sha256},
            "max_score": graded.max_score,
            "devices": devices,
            "protections": graded.protections,
            "test_durations": {o.nodeid: round(o.seconds, 4) for o in graded.outcomes},
            "questions": _questions(graded.outcomes),
            "grader_errors": graded.grader_errors + [o.grader_error for o in graded.outcomes if o.grader_error],
            "warnings": graded.warnings,
            "given_code": graded.given_code,
            "events": graded.events,
            "metadata": graded.metadata,
        },
    }


def _test_entry(outcome: TestOutcome) -> dict:
    entry = {
        "name": outcome.name,
        "score": outcome.score,
        "max_score": round(outcome.max_score, 4),
        "status": "passed" if outcome.status == "passed" else "failed",
        "visibility": outcome.visibility,
        "output": _cap(outcome.output, TEST_OUTPUT_LIMIT),
        "tags": [outcome.question],
    }
    return entry


def _questions(outcomes: list[TestOutcome]) -> dict[str, dict[str, float]]:
    questions: dict[str, dict[str, float]] = {}
    for outcome in outcomes:
        entry = questions.setdefault(outcome.question, {"score": 0.0, "max_score": 0.0})
        entry["score"] = round(entry["score"] + outcome.score, 4)
        entry["max_score"] = round(entry["max_score"] + outcome.max_score, 4)
    return questions


def _top_output(graded: GradedSubmission) -> str:
    lines = [f"Graded file: {graded.graded_file}", f"Score: {graded.score:g} / {graded.max_score:g}"]
    lines += graded.notes
    if graded.given_code:
        lines.append("")
        lines.extend(f"Given code: {note}" for note in graded.given_code)
    if graded.problems:
        lines.append("")
        lines.append("Some cells of your notebook raised an error when the grader ran it (the other cells still ran):")
        for problem in graded.problems:
            lines.append(f"- cell {problem.get('cell')}: {str(problem.get('error', '')).strip()}")
    if graded.warnings:
        lines.append("")
        lines.extend(f"Note: {w}" for w in graded.warnings)
    if any(o.status == "grader_error" for o in graded.outcomes) or graded.grader_errors:
        lines.append("")
        lines.append("Some tests could not be graded because of a problem in the grader, not in your work. "
                     "The course staff can see the details.")
    return "\n".join(lines)


def _cap(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 40] + "\n[... output shortened]"
