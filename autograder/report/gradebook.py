"""``gradebook.csv``: one row per student, laid out like Otter Grader's ``final_grades.csv``.

Otter (``otter grade``, 5.x to 7.x) writes the columns ``file``, one column per question (sorted),
``total_points_earned``, ``percent_correct`` (a fraction, rounded to 4 digits) and
``grading_status``, rows sorted by ``file``, after a first row whose ``file`` is
``points-per-question`` and which holds the points possible. We keep those names and that row, so
scripts and spreadsheets written for Otter read this file unchanged. ``source`` follows ``file``:
the path the submission was read from, so two ``alice.ipynb`` from different folders can be told
apart; then the student's ``name``, ``email``, ``sid`` and Gradescope ``submission_id`` when they
are known. A group submission gives one row per member, with the same scores.

Manual questions (written answers a TA grades, see :mod:`autograder.manual`) get one empty column
each after ``grading_status``, named ``manual: 4a (2 pts)``, with their points in the first row, for
the TA to fill; ``total_points_earned`` stays the autograded score.

Every text cell is spreadsheet-safe (:func:`~autograder.report.safe_text.csv_cell`): names, emails
and file names come from students, and a cell starting with ``=`` would run as a formula.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from autograder.report.safe_text import csv_cell

FILE = "file"
SOURCE = "source"
TOTAL = "total_points_earned"
PERCENT = "percent_correct"
STATUS = "grading_status"
POINTS_POSSIBLE = "points-per-question"
STUDENT_COLUMNS = ("name", "email", "sid", "submission_id")
COMPLETED = "Completed"


@dataclass(frozen=True)
class GradedEntry:
    """One submission's results file, with the names the TA knows it by."""

    key: str       # the results file is <key>.json, its feedback feedback/<key>.md
    label: str     # the submitted file's name, or the Gradescope submission folder
    results: dict[str, Any]

    @property
    def source(self) -> str:
        """Where the submission was read from, as the TA named it."""
        return str((self.extra.get("submission") or {}).get("source") or "")

    @property
    def extra(self) -> dict[str, Any]:
        return self.results.get("extra_data") or {}

    @property
    def max_score(self) -> float:
        return float(self.extra.get("max_score", 0.0))

    @property
    def score(self) -> float:
        return float(self.results.get("score", 0.0))

    @property
    def submitters(self) -> list[dict[str, str]]:
        return list((self.extra.get("metadata") or {}).get("submitters") or [])

    @property
    def grader_errors(self) -> list[str]:
        return list(self.extra.get("grader_errors") or [])


def number(value: float) -> str:
    """Scores as a spreadsheet reads them: ``12``, ``1.5``, ``0.3333``."""
    value = round(float(value), 4)
    return str(int(value)) if value == int(value) else repr(value)


def question_points(entries: Iterable[GradedEntry]) -> dict[str, float]:
    """Points possible per question, from the graded results (the largest seen, in case one run failed early)."""
    points: dict[str, float] = {}
    for entry in entries:
        for question, totals in (entry.extra.get("questions") or {}).items():
            points[question] = max(points.get(question, 0.0), float(totals.get("max_score", 0.0)))
    return dict(sorted(points.items()))


def manual_column(question: str, points: float) -> str:
    return f"manual: {question} ({number(points)} pt{'' if number(points) == '1' else 's'})"


def gradebook_rows(entries: list[GradedEntry], manual: Mapping[str, float] | None = None
                   ) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows (the points-per-question row first), every value already a string.

    ``manual`` maps each manual question's id to its points: an empty column each, for the TA.
    """
    written = {manual_column(q, p): number(p) for q, p in (manual or {}).items()}
    points = question_points(entries)
    possible = sum(points.values())
    students = [c for c in STUDENT_COLUMNS if any(_student_value(e, p, c) for e in entries for p in _people(e))]
    header = [FILE, SOURCE, *students, *points, TOTAL, PERCENT, STATUS, *written]
    rows = [{FILE: POINTS_POSSIBLE, SOURCE: "", **{c: "" for c in students}, **{q: number(v) for q, v in points.items()},
             TOTAL: number(possible), PERCENT: "1", STATUS: "--", **written}]
    body = []
    for entry in entries:
        scores = entry.extra.get("questions") or {}
        shared = {q: number((scores.get(q) or {}).get("score", 0.0)) for q in points}
        total = entry.score
        percent = total / entry.max_score if entry.max_score else 0.0
        status = COMPLETED if not entry.grader_errors else f"Grader error ({len(entry.grader_errors)}): see report.html"
        for person in _people(entry):
            body.append({FILE: csv_cell(entry.label), SOURCE: csv_cell(entry.source),
                         **{c: csv_cell(_student_value(entry, person, c)) for c in students}, **shared,
                         TOTAL: number(total), PERCENT: number(round(percent, 4)), STATUS: status,
                         **{column: "" for column in written}})
    body.sort(key=lambda row: (row[FILE], row[SOURCE], row.get("name", ""), row.get("email", "")))
    return header, rows + body


def _people(entry: GradedEntry) -> list[dict[str, str]]:
    return entry.submitters or [{}]


def _student_value(entry: GradedEntry, person: dict[str, str], column: str) -> str:
    if column == "submission_id":
        return str((entry.extra.get("metadata") or {}).get("submission_id") or "")
    return str(person.get(column) or "")


def render_gradebook(entries: list[GradedEntry], manual: Mapping[str, float] | None = None) -> str:
    header, rows = gradebook_rows(entries, manual)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
