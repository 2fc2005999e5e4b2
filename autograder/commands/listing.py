"""``autograder list``: the assignments with their total points."""

from __future__ import annotations

import argparse

from autograder.assignment import list_assignments, load_assignment
from autograder.grading.collect import suite_points


def run(args: argparse.Namespace) -> int:
    names = list_assignments()
    if not names:
        print("no assignments found")
        return 0
    print(f"{'assignment':<20} {'points':>7}  title")
    for name in names:
        assignment = load_assignment(name)
        points = sum(suite_points(assignment).values())
        print(f"{name:<20} {points:>7g}  {assignment.title}")
    return 0
