"""``autograder grade ASSIGNMENT PATH... [-o DIR] [-j JOBS]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder.assignment import load_assignment
from autograder.errors import GraderError
from autograder.grading.batch import Summary, find_submissions, grade_many


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    missing = [str(p) for p in args.paths if not Path(p).exists()]
    if missing:
        raise GraderError(f"no such file or folder: {', '.join(missing)}")
    submissions = find_submissions(args.paths)
    if not submissions:
        raise GraderError("no submissions (.ipynb, .py or .zip) found in " + ", ".join(map(str, args.paths)))
    out_dir = (args.out or Path("results") / assignment.name).resolve()
    print(f"Grading {len(submissions)} submission(s) of {assignment.name} -> {out_dir}")
    print(f"{'submission':<40} {'score':>12} {'time':>7}  notes")
    summaries = grade_many(assignment, submissions, out_dir, jobs=max(1, args.jobs),
                           extra_protected=[Path(p) for p in args.paths], on_done=_print_row)
    failing = sum(1 for s in summaries if s.score < s.max_score)
    errors = sum(1 for s in summaries if s.grader_errors)
    print(f"Done: {len(summaries)} graded, {failing} below full marks, {errors} with grader errors.")
    return 0


def _print_row(summary: Summary) -> None:
    notes = []
    if summary.grader_errors:
        notes.append(f"{summary.grader_errors} grader error(s)")
    if summary.failed:
        notes.append(f"{summary.failed} test(s) failed")
    name = Path(summary.source).name
    print(f"{name[:40]:<40} {summary.score:>5g} / {summary.max_score:<5g} {summary.seconds:>6.1f}s  {', '.join(notes)}",
          flush=True)
    sys.stdout.flush()
