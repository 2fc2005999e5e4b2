"""``autograder audit ASSIGNMENT``: exit 1 unless the suite passes every rule of :mod:`autograder.audit.run`."""

from __future__ import annotations

import argparse

from autograder.assignment import load_assignment
from autograder.audit import audit, format_table
from autograder.audit.run import MUTANT, REFERENCE, VARIANT


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    rows = audit(assignment)
    print(format_table(rows))
    reference = [r for r in rows if r.kind == REFERENCE]
    for kind, verb in ((MUTANT, "caught on their question"), (VARIANT, "earn nothing on their question")):
        group = [r for r in rows if r.kind == kind]
        print(f"{sum(r.ok for r in group)} of {len(group)} {kind}s {verb}")
    print(f"reference {'ok' if reference and reference[0].ok else 'NOT ok'}")
    return 0 if all(r.ok for r in rows) else 1
