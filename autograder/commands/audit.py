"""``autograder audit ASSIGNMENT``: exit 1 unless the reference scores full marks and every mutant loses points."""

from __future__ import annotations

import argparse

from autograder.assignment import load_assignment
from autograder.audit import audit, format_table


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    rows = audit(assignment)
    print(format_table(rows))
    mutants = [r for r in rows if r.bug != "reference"]
    caught = sum(r.ok for r in mutants)
    print(f"{caught} of {len(mutants)} mutants caught; reference {'ok' if rows and rows[0].ok else 'NOT ok'}")
    return 0 if all(r.ok for r in rows) else 1
