"""Phase marks of one grader run, for the cold-start benchmark; nothing is recorded unless asked for.

``AUTOGRADER_TIMELINE=FILE`` makes every :func:`mark` append one line to FILE: the time (the
system-wide monotonic clock, the same in every process and inside bubblewrap, which keeps the
host's clock), the process id and the phase's name. ``bench/cold.py`` reads them back to split a
command's wall time into process start, imports, the worker's start, collection, the notebook,
the tests and writing the results. Without the variable a mark costs one dictionary lookup.

This module imports nothing but the standard library, so the very first line of a command can mark.
"""

from __future__ import annotations

import os
import time

ENVIRONMENT = "AUTOGRADER_TIMELINE"


def mark(phase: str, at: float | None = None) -> None:
    """Record that ``phase`` happened now (or at ``at``, a ``time.monotonic()`` reading)."""
    path = os.environ.get(ENVIRONMENT)
    if not path:
        return
    stamp = time.monotonic() if at is None else at
    line = f"{stamp:.6f} {os.getpid()} {' '.join(phase.split())}\n".encode()
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        os.write(descriptor, line)  # one write with O_APPEND: lines of several processes never interleave
    finally:
        os.close(descriptor)


def read(path: str | os.PathLike) -> list[tuple[float, int, str]]:
    """The marks in FILE as (time, pid, phase), oldest first."""
    marks = []
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.rstrip("\n").split(" ", 2)
                if len(parts) == 3:
                    try:
                        marks.append((float(parts[0]), int(parts[1]), parts[2]))
                    except ValueError:
                        continue
    except OSError:
        return []
    return sorted(marks)
