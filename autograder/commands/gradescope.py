"""``autograder gradescope ASSIGNMENT [-o DIR]``: build ``DIR/ASSIGNMENT-autograder.zip`` for Gradescope."""

from __future__ import annotations

import argparse
import zipfile

from autograder.assignment import load_assignment
from autograder.gradescope.build import build_autograder_zip


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    path = build_autograder_zip(assignment, args.out)
    with zipfile.ZipFile(path) as archive:
        count = len(archive.namelist())
    print(f"{path} ({count} files, {path.stat().st_size / 1024:.0f} KB): upload it as the autograder of the "
          f"Gradescope programming assignment; students submit {assignment.notebook}.")
    return 0
