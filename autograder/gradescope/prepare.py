"""What ``setup.sh`` does once in the Gradescope image, so that no submission's run does it again.

Every submission runs in a fresh container made from the image, with ``PYTHONDONTWRITEBYTECODE=1``:
whatever Python compiles during a run is thrown away. Done here once, it is read from disk by every run:

- the ``autograder`` package compiled to bytecode (the zip ships sources only);
- the suite collected once, so pytest's assertion rewriting of the public and hidden test modules is
  cached beside them (pytest reads that cache even where it may not write it);
- the reference imported once, so its bytecode is cached too;
- matplotlib's font list, for an assignment whose notebook plots (the zygote is given it).

Run as ``python -m autograder.gradescope.prepare ASSIGNMENT`` from the unpacked zip (``setup.sh`` does).
Nothing here changes what is graded or how: a missing cache only makes a run slower.
"""

from __future__ import annotations

import argparse
import compileall
import sys
from pathlib import Path

import autograder
from autograder.assignment import load_assignment
from autograder.worker import preload


def prepare(name: str) -> list[str]:
    """Compile and cache what every run of ``name`` would otherwise compile; returns what was done."""
    sys.dont_write_bytecode = False
    done = []
    package = Path(autograder.__file__).resolve().parent
    if compileall.compile_dir(str(package), quiet=1, force=False):
        done.append(f"compiled {package}")
    assignment = load_assignment(name)
    from autograder.grading.collect import suite_points

    points = suite_points(assignment)  # collects: pytest writes its rewritten test modules' cache
    done.append(f"collected {len(points)} question(s) of {name}, {sum(points.values()):g} points")
    assignment.load_reference()
    done.append(f"imported {assignment.reference_path.name}")
    if preload.MATPLOTLIB in preload.for_assignment(assignment):
        import matplotlib.font_manager  # noqa: F401 - writes the font list that every run's zygote is then given

        done.append("built matplotlib's font list")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.gradescope.prepare", description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    args = parser.parse_args(argv)
    for line in prepare(args.assignment):
        print(f"prepare: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
