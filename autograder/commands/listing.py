"""``autograder list``: the assignments with their total points, read without importing the suites (no torch)."""

from __future__ import annotations

import argparse

from autograder.assignment import list_assignments, load_assignment
from autograder.grading.collect import question_points


def run(args: argparse.Namespace) -> int:
    names = list_assignments()
    if not names:
        print("no assignments found")
        return 0
    print(f"{'assignment':<20} {'points':>7}  title")
    for name in names:
        assignment = load_assignment(name)
        points = sum(question_points(assignment).values())
        print(f"{name:<20} {points:>7g}  {assignment.title}")
    return 0
