"""Is the hidden suite strong enough? The reference must score full marks and every mutant must lose points."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.assignment import Assignment
from autograder.grading.grade import grade_submission
from autograder.worker.pool import Worker


@dataclass(frozen=True)
class AuditRow:
    submission: str
    bug: str            # the mutant's docstring; "reference" for the reference
    score: float
    max_score: float
    ok: bool
    grader_errors: int


def _first_docstring_line(path: Path) -> str:
    text = path.read_text(errors="replace").lstrip()
    for quote in ('"""', "'''"):
        if text.startswith(quote):
            return text[3:].split(quote, 1)[0].strip().splitlines()[0] if text[3:].strip() else ""
    return ""


def audit(assignment: Assignment, worker: Worker | None = None) -> list[AuditRow]:
    """Grade the reference and every mutant through the real worker, exactly as students are graded."""
    own_worker = worker is None
    worker = worker or Worker(protected=assignment.protected_paths(), disk_mb=assignment.limits.disk_mb)
    rows = []
    try:
        candidates = [(assignment.reference_path, "reference")]
        candidates += [(p, _first_docstring_line(p) or p.stem) for p in sorted(assignment.mutants.glob("*.py"))]
        for path, bug in candidates:
            graded = grade_submission(assignment, path, worker)
            errors = len(graded.grader_errors) + sum(o.status == "grader_error" for o in graded.outcomes)
            full = graded.score >= graded.max_score
            ok = errors == 0 and (full if bug == "reference" else not full)
            rows.append(AuditRow(path.name, bug, graded.score, graded.max_score, ok, errors))
    finally:
        if own_worker:
            worker.close()
    return rows


def format_table(rows: list[AuditRow]) -> str:
    lines = [f"{'submission':<44} {'score':>13}  verdict"]
    for row in rows:
        if row.bug == "reference":
            verdict = "ok: full marks" if row.ok else "FAIL: the reference must score full marks"
        else:
            verdict = "ok: caught" if row.ok else "FAIL: the hidden suite does not catch this mutant"
        if row.grader_errors:
            verdict += f" ({row.grader_errors} grader error(s))"
        lines.append(f"{row.submission[:44]:<44} {row.score:>6g} / {row.max_score:<5g}  {verdict}")
        if row.bug != "reference":
            lines.append(f"    {row.bug}")
    return "\n".join(lines)
