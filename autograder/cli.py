"""The ``autograder`` command: grade | similarity | check | audit | list | gradescope.

Exit status is about the command, not the students: grading exits 0 whatever they scored, and
non-zero only for misuse (unknown assignment, missing path) or when the grader itself is broken.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from autograder import timeline
from autograder.errors import GraderError
from autograder.process import exit_now, skip_slow_optional_imports
from autograder.report.safe_text import terminal_safe_stdout, terminal_text

EXIT_MISUSE = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="grade submissions and write Gradescope results.json files")
    grade.add_argument("assignment")
    grade.add_argument("paths", nargs="+", type=Path,
                       help="submission files or folders of them (after --, if a name may start with -)")
    grade.add_argument("-o", "--out", type=Path, help="results folder (default: results/ASSIGNMENT/)")
    grade.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded in parallel")
    grade.add_argument("--export", action="store_true",
                       help="every PATH is a Gradescope export (zip or folder); its metadata names the students")
    grade.add_argument("--similarity", action="store_true",
                       help="also write similarity.csv and similarity.html (see `autograder similarity`)")
    grade.add_argument("--pdfs", action="store_true",
                       help="also write pdfs/SUBMISSION.pdf: each written (manual) question on its own page, for Gradescope")
    grade.add_argument("--pdf-code", action="store_true", help="with --pdfs: the student's code cells after the answers")

    similarity = commands.add_parser("similarity", help="pairs of submissions that share code the notebook did not give")
    similarity.add_argument("assignment")
    similarity.add_argument("paths", nargs="+", type=Path, help="submission files or folders of them")
    similarity.add_argument("-o", "--out", type=Path, help="output folder (default: results/ASSIGNMENT/)")

    commands.add_parser("list", help="the assignments and their total points")

    check = commands.add_parser("check", help="run the public tests on a saved notebook, as the grader would")
    check.add_argument("assignment")
    check.add_argument("notebook", type=Path)

    export = commands.add_parser("export", help="zip a notebook with the PDF of its written answers, for handing in")
    export.add_argument("notebook", type=Path)
    export.add_argument("-o", "--out", type=Path, help="the zip to write (default: NOTEBOOK-submission.zip beside it)")
    export.add_argument("--assignment", help="the assignment, when it cannot be told from the notebook's folder or name")

    audit = commands.add_parser("audit", help="the hidden suite against the reference and the mutants")
    audit.add_argument("assignment")

    gradescope = commands.add_parser("gradescope", help="build the Gradescope autograder zip")
    gradescope.add_argument("assignment")
    gradescope.add_argument("-o", "--out", type=Path, default=Path("dist"))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit status. As the program itself (``argv`` from the command line), the
    process skips slow optional imports and ends right after the command (see :mod:`autograder.process`)."""
    if argv is None:
        skip_slow_optional_imports()
    code = _run(argv)
    if argv is None:
        exit_now(code)
    return code


def _run(argv: list[str] | None) -> int:
    timeline.mark("grader started")
    args = _parser().parse_args(argv)
    try:
        if args.command == "grade":
            from autograder.commands.grade import run
        elif args.command == "similarity":
            from autograder.commands.similarity import run
        elif args.command == "list":
            from autograder.commands.listing import run
        elif args.command == "check":
            from autograder.commands.check import run
        elif args.command == "audit":
            from autograder.commands.audit import run
        elif args.command == "export":
            from autograder.commands.export import run
        else:
            from autograder.commands.gradescope import run
        with terminal_safe_stdout():  # students' names and messages are printed: no escape sequence runs
            return run(args)
    except GraderError as error:
        print(f"autograder: {terminal_text(error, multiline=True)}", file=sys.stderr)
        return EXIT_MISUSE
