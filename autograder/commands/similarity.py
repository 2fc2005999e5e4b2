"""``autograder similarity ASSIGNMENT PATH... [-o DIR]``.

PATH is what ``autograder grade`` takes: submission files, folders of them (Otter export zips
included), Gradescope "Export Submissions" zips or folders. Writes ``DIR/similarity.csv`` (every pair,
most similar first) and ``DIR/similarity.html`` (the distribution and the top pairs side by side);
DIR defaults to ``results/ASSIGNMENT/``, beside the grading results. Nothing is run: the code is only
parsed. Exit 0 whatever the scores; 2 for misuse (unknown assignment, missing path).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from autograder.assignment import load_assignment
from autograder.similarity import compare_and_write

PAIRS_PRINTED = 10
NAME_WIDTH = 32


def run(args: argparse.Namespace) -> int:
    assignment = load_assignment(args.assignment)
    out_dir = (args.out or Path("results") / assignment.name).resolve()
    result, outputs = compare_and_write(assignment, args.paths, out_dir)
    print(f"Compared {len(result.compared)} submission(s) of {assignment.name}, {len(result.pairs)} pair(s), "
          f"in {result.seconds:.2f} s; {len(result.skipped)} could not be read.")
    shown = [pair for pair in result.pairs[:PAIRS_PRINTED] if pair.shared > 0]
    if shown:
        print(f"{'submission a':<{NAME_WIDTH}} {'submission b':<{NAME_WIDTH}} similarity")
    for pair in shown:
        a, b = result.compared[pair.a].key, result.compared[pair.b].key
        print(f"{_fit(a):<{NAME_WIDTH}} {_fit(b):<{NAME_WIDTH}} {pair.similarity:>10.2f}")
    print(f"CSV:  {outputs.csv}")
    print(f"HTML: {outputs.html}")
    return 0


def _fit(name: str) -> str:
    """A key as the terminal may show it: printable, and short enough for the table."""
    name = "".join(c if c.isprintable() else "?" for c in name)
    return name if len(name) <= NAME_WIDTH else name[:NAME_WIDTH - 3] + "..."
