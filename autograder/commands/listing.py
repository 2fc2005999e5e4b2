"""``autograder list``: the assignments with their total points, read without importing the suites (no torch)."""

from __future__ import annotations

import argparse

from autograder.assignment import list_assignments, load_assignment
from autograder.grading.collect import question_points
from autograder.manual.questions import ManualQuestionError, manual_points


def run(args: argparse.Namespace) -> int:
    names = list_assignments()
    if not names:
        print("no assignments found")
        return 0
    print(f"{'assignment':<20} {'autograded':>10} {'manual':>7}  title")
    for name in names:
        assignment = load_assignment(name)
        points = sum(question_points(assignment).values())
        try:  # the written questions a TA grades (Gradescope adds them; results.json holds the autograded score)
            manual = f"{sum(manual_points(assignment.notebook_path).values()):g}"
        except (OSError, ValueError, ManualQuestionError):
            manual = "?"
        print(f"{name:<20} {points:>10g} {manual:>7}  {assignment.title}")
    return 0
