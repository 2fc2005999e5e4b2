"""Is the hidden suite strong enough? Three rules, each graded through the real worker:

1. the reference scores full marks;
2. every mutant (a small patch of the reference: one realistic mistake) loses points on the
   question its docstring names first;
3. every well-typed but wrong variant of a graded function (see :mod:`autograder.audit.variants`)
   earns nothing on that function's question.

A mutant file holds only the definitions it changes; the audit grades the reference's source
followed by the mutant's, as a student's notebook would redefine them in a later cell.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from autograder.assignment import Assignment
from autograder.audit.variants import wrong_variants
from autograder.grading.collect import suite_points
from autograder.grading.grade import grade_submission
from autograder.report.results import GradedSubmission
from autograder.worker.pool import Worker

REFERENCE, MUTANT, VARIANT = "reference", "mutant", "wrong variant"


@dataclass(frozen=True)
class AuditRow:
    submission: str
    kind: str                 # REFERENCE, MUTANT or VARIANT
    bug: str                  # what is wrong with it ("" for the reference)
    question: str | None      # the question that must lose points (variants: earn none)
    score: float
    max_score: float
    question_score: float     # the score on ``question`` (the whole score for the reference)
    ok: bool
    problem: str              # why the row is not ok ("" when it is)
    grader_errors: int


@dataclass(frozen=True)
class _Candidate:
    name: str
    kind: str
    bug: str
    question: str | None
    source: str


def mutant_question(bug: str, questions: list[str]) -> str | None:
    """The question a mutant's docstring names first (``nms: ...`` or ``ResidualBlock.forward ...``)."""
    match = re.match(r"\s*([A-Za-z_][\w.]*)", bug)
    if not match:
        return None
    wanted = match.group(1).split(".")[0].lower().replace("_", "")
    return next((q for q in questions if q.lower().replace("_", "") == wanted), None)


def _docstring(path: Path) -> str:
    text = path.read_text(errors="replace").lstrip()
    for quote in ('"""', "'''"):
        if text.startswith(quote):
            body = text[3:].split(quote, 1)[0].strip()
            return body.splitlines()[0] if body else ""
    return ""


def candidates(assignment: Assignment, *, variants: bool = True) -> list[_Candidate]:
    """The reference, every mutant and (unless ``variants`` is False) every wrong variant, as sources."""
    reference_source = assignment.reference_path.read_text()
    questions = list(suite_points(assignment))
    found = [_Candidate(assignment.reference_path.name, REFERENCE, "", None, reference_source)]
    for path in sorted(assignment.mutants.glob("*.py")):
        bug = _docstring(path) or path.stem
        found.append(_Candidate(path.name, MUTANT, bug, mutant_question(bug, questions),
                                f"{reference_source.rstrip()}\n\n\n# The mutant: {path.name}\n{path.read_text()}"))
    if variants:
        for variant in wrong_variants(assignment.load_reference(), reference_source, questions):
            found.append(_Candidate(variant.name, VARIANT, variant.description, variant.question,
                                    variant.source(reference_source)))
    return found


def audit(assignment: Assignment, worker: Worker | None = None, *, variants: bool = True) -> list[AuditRow]:
    """Grade the reference, every mutant and every wrong variant exactly as students are graded."""
    own_worker = worker is None
    worker = worker or Worker(protected=assignment.protected_paths(), disk_mb=assignment.limits.disk_mb)
    rows = []
    try:
        with tempfile.TemporaryDirectory(prefix="autograder-audit-") as scratch:
            for index, candidate in enumerate(candidates(assignment, variants=variants)):
                path = Path(scratch) / f"{index:03d}.py"
                path.write_text(candidate.source)
                rows.append(_judge(candidate, grade_submission(assignment, path, worker)))
    finally:
        if own_worker:
            worker.close()
    return rows


def _judge(candidate: _Candidate, graded: GradedSubmission) -> AuditRow:
    errors = len(graded.grader_errors) + sum(o.status == "grader_error" for o in graded.outcomes)
    on_question = [o for o in graded.outcomes if o.question == candidate.question]
    question_score = round(sum(o.score for o in on_question), 4) if candidate.question else graded.score
    question_max = round(sum(o.max_score for o in on_question), 4)
    if errors:
        problem = f"{errors} grader error(s)"
    elif candidate.kind == REFERENCE:
        problem = "" if graded.score >= graded.max_score else "the reference must score full marks"
    elif candidate.question is None:
        problem = "its docstring must start with the question it breaks"
    elif candidate.kind == MUTANT:
        problem = "" if question_score < question_max else f"it keeps every point of {candidate.question}"
    else:
        problem = "" if question_score == 0 else f"it earns {question_score:g} of {candidate.question}'s points"
    return AuditRow(candidate.name, candidate.kind, candidate.bug, candidate.question, graded.score,
                    graded.max_score, question_score, not problem, problem, errors)


def format_table(rows: list[AuditRow]) -> str:
    lines = [f"{'submission':<52} {'score':>13}  verdict"]
    for row in rows:
        verdict = "ok" if row.ok else f"FAIL: {row.problem}"
        if row.kind == REFERENCE and row.ok:
            verdict = "ok: full marks"
        elif row.question and row.ok:
            verdict = f"ok: {row.question} {row.question_score:g}" + (" (caught)" if row.kind == MUTANT else "")
        lines.append(f"{row.submission[:52]:<52} {row.score:>6g} / {row.max_score:<5g}  {verdict}")
        if row.kind == MUTANT:
            lines.append(f"    {row.bug}")
        elif row.kind == VARIANT and not row.ok:
            lines.append(f"    {row.bug}")
    return "\n".join(lines)
